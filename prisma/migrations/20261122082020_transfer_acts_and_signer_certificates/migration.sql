-- CreateEnum
CREATE TYPE "signer_role" AS ENUM ('AKIMAT', 'COMMISSION', 'PRECINCT_MEMBER');

-- CreateEnum
CREATE TYPE "transfer_act_status" AS ENUM ('DRAFT', 'RECEIVED', 'SIGNED_BY_AKIMAT', 'SIGNED_BY_COMMISSION', 'SIGNED');

-- CreateEnum
CREATE TYPE "transfer_act_side" AS ENUM ('AKIMAT', 'COMMISSION');

-- CreateTable
CREATE TABLE "signer_certificate" (
    "id" UUID NOT NULL,
    "holder" TEXT NOT NULL,
    "holder_name" TEXT NOT NULL,
    "holder_role" "signer_role" NOT NULL,
    "subject" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "serial" TEXT NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "not_after" TIMESTAMPTZ(3) NOT NULL,
    "public_key_algorithm" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revocation_reason" TEXT,
    "revoked_by" TEXT,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "registered_by" TEXT NOT NULL,

    CONSTRAINT "signer_certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transfer_act" (
    "id" UUID NOT NULL,
    "number" TEXT NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "status" "transfer_act_status" NOT NULL DEFAULT 'DRAFT',
    "submission_id" UUID,
    "akimat_holder" TEXT NOT NULL,
    "akimat_name" TEXT NOT NULL,
    "akimat_position" TEXT NOT NULL,
    "handed_over_at" TIMESTAMPTZ(3) NOT NULL,
    "commission_holder" TEXT,
    "commission_name" TEXT,
    "commission_position" TEXT,
    "received_at" TIMESTAMPTZ(3),
    "canonical" TEXT,
    "sha256" CHAR(64),
    "declared_by" TEXT NOT NULL,
    "declared_at" TIMESTAMPTZ(3) NOT NULL,
    "receipt_recorded_by" TEXT,
    "signed_at" TIMESTAMPTZ(3),

    CONSTRAINT "transfer_act_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transfer_act_file" (
    "act_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "received_file_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "records" INTEGER NOT NULL,
    "sha256" CHAR(64),
    "received_file_id" UUID,

    CONSTRAINT "transfer_act_file_pkey" PRIMARY KEY ("act_id","position")
);

-- CreateTable
CREATE TABLE "transfer_act_signature" (
    "id" UUID NOT NULL,
    "act_id" UUID NOT NULL,
    "side" "transfer_act_side" NOT NULL,
    "certificate_id" UUID NOT NULL,
    "signature" BYTEA NOT NULL,
    "scheme" TEXT NOT NULL,
    "content_sha256" CHAR(64) NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_by" TEXT NOT NULL,

    CONSTRAINT "transfer_act_signature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "signer_certificate_fingerprint_key" ON "signer_certificate"("fingerprint");

-- CreateIndex
CREATE INDEX "signer_certificate_holder_idx" ON "signer_certificate"("holder");

-- CreateIndex
CREATE INDEX "transfer_act_district_id_period_idx" ON "transfer_act"("district_id", "period");

-- CreateIndex
CREATE UNIQUE INDEX "transfer_act_period_district_id_number_key" ON "transfer_act"("period", "district_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "transfer_act_file_received_file_id_key" ON "transfer_act_file"("received_file_id");

-- CreateIndex
CREATE INDEX "transfer_act_signature_certificate_id_idx" ON "transfer_act_signature"("certificate_id");

-- CreateIndex
CREATE UNIQUE INDEX "transfer_act_signature_act_id_side_key" ON "transfer_act_signature"("act_id", "side");

-- AddForeignKey
ALTER TABLE "transfer_act_file" ADD CONSTRAINT "transfer_act_file_act_id_fkey" FOREIGN KEY ("act_id") REFERENCES "transfer_act"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_act_file" ADD CONSTRAINT "transfer_act_file_received_file_id_fkey" FOREIGN KEY ("received_file_id") REFERENCES "received_file"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_act_signature" ADD CONSTRAINT "transfer_act_signature_act_id_fkey" FOREIGN KEY ("act_id") REFERENCES "transfer_act"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_act_signature" ADD CONSTRAINT "transfer_act_signature_certificate_id_fkey" FOREIGN KEY ("certificate_id") REFERENCES "signer_certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
