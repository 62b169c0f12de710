-- Issue 27: every CMS signature verified (eds_check: certificate, revocation answer, verdict) and the RFC 3161 timestamps of signed acts and approvals.
-- AlterTable
ALTER TABLE "transfer_act_signature" ADD COLUMN     "eds_check_id" UUID,
ADD COLUMN     "timestamp_at" TIMESTAMPTZ(3),
ADD COLUMN     "timestamp_serial" TEXT,
ADD COLUMN     "timestamp_tsa" TEXT;

-- AlterTable
ALTER TABLE "id_card_application" ADD COLUMN     "approval_timestamp_at" TIMESTAMPTZ(3),
ADD COLUMN     "approval_timestamp_tsa" TEXT;

-- CreateTable
CREATE TABLE "eds_check" (
    "id" UUID NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,
    "purpose" VARCHAR(16) NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "user_id" UUID,
    "certificate_serial" TEXT,
    "certificate_fingerprint" CHAR(64),
    "issuer" TEXT,
    "revocation_method" TEXT,
    "revocation_status" TEXT,
    "responder" TEXT,
    "no_answer_policy" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "outcome" VARCHAR(8) NOT NULL,
    "refusal_code" TEXT,
    "request_id" TEXT,

    CONSTRAINT "eds_check_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "eds_check_user_id_checked_at_idx" ON "eds_check"("user_id", "checked_at");

-- CreateIndex
CREATE INDEX "eds_check_certificate_fingerprint_idx" ON "eds_check"("certificate_fingerprint");
