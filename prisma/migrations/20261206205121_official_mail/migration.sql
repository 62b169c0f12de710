-- CreateEnum
CREATE TYPE "official_mail_status" AS ENUM ('QUEUED', 'SENT', 'DEAD');

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "email" TEXT,
ADD COLUMN     "language" VARCHAR(2) NOT NULL DEFAULT 'ru';

-- CreateTable
CREATE TABLE "official_mail_preference" (
    "user_id" UUID NOT NULL,
    "reminders" BOOLEAN NOT NULL DEFAULT true,
    "escalations_raised" BOOLEAN NOT NULL DEFAULT true,
    "escalations_climbed" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "official_mail_preference_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "official_mail_delivery" (
    "id" UUID NOT NULL,
    "notification_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "status" "official_mail_status" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error_code" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "dead_at" TIMESTAMPTZ(3),

    CONSTRAINT "official_mail_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "official_mail_delivery_status_idx" ON "official_mail_delivery"("status");

-- CreateIndex
CREATE UNIQUE INDEX "official_mail_delivery_notification_id_user_id_key" ON "official_mail_delivery"("notification_id", "user_id");
