-- CreateEnum
CREATE TYPE "id_card_application_status" AS ENUM ('REFUSED', 'PENDING_REVIEW', 'ANNULLED', 'IN_PRODUCTION', 'READY_FOR_PICKUP', 'PICKED_UP');

-- CreateEnum
CREATE TYPE "state_fee_status" AS ENUM ('PAID', 'CONSUMED', 'REFUNDED');

-- CreateTable
CREATE TABLE "id_card_application" (
    "id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "iin" CHAR(12) NOT NULL,
    "reason" TEXT NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "document_number" TEXT,
    "expires_on" DATE NOT NULL,
    "status" "id_card_application_status" NOT NULL,
    "refusal" TEXT,
    "fee_payment_id" UUID,
    "ticket_number" TEXT,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "review_due_at" TIMESTAMPTZ(3),
    "review_escalated_at" TIMESTAMPTZ(3),
    "reviewed_by" TEXT,
    "reviewed_at" TIMESTAMPTZ(3),
    "annul_reason" TEXT,
    "produced_at" TIMESTAMPTZ(3),
    "pickup_reminders" INTEGER NOT NULL DEFAULT 0,
    "picked_up_at" TIMESTAMPTZ(3),
    "picked_up_by" TEXT,
    "new_document_number" TEXT,

    CONSTRAINT "id_card_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "state_fee_payment" (
    "id" UUID NOT NULL,
    "iin" CHAR(12) NOT NULL,
    "amount_tenge" INTEGER NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "state_fee_status" NOT NULL DEFAULT 'PAID',
    "application_id" UUID,
    "refunded_at" TIMESTAMPTZ(3),
    "refund_reason" TEXT,

    CONSTRAINT "state_fee_payment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "id_card_application_workflow_id_key" ON "id_card_application"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "id_card_application_ticket_number_key" ON "id_card_application"("ticket_number");

-- CreateIndex
CREATE INDEX "id_card_application_iin_idx" ON "id_card_application"("iin");

-- CreateIndex
CREATE INDEX "id_card_application_region_code_status_idx" ON "id_card_application"("region_code", "status");

-- CreateIndex
CREATE INDEX "state_fee_payment_iin_idx" ON "state_fee_payment"("iin");
