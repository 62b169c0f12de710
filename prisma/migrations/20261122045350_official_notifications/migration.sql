-- CreateEnum
CREATE TYPE "OfficialNotificationKind" AS ENUM ('REMINDER', 'ESCALATION_RAISED', 'ESCALATION_CLIMBED');

-- CreateTable
CREATE TABLE "official_notification" (
    "id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "kind" "OfficialNotificationKind" NOT NULL,
    "recipient_role" "CycleRole" NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16),
    "task_id" UUID,
    "escalation_id" UUID,
    "step" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "summary" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "read_by" TEXT,

    CONSTRAINT "official_notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "official_notification_dedupe_key_key" ON "official_notification"("dedupe_key");

-- CreateIndex
CREATE INDEX "official_notification_recipient_role_region_code_district_i_idx" ON "official_notification"("recipient_role", "region_code", "district_id", "read_at");
