-- AlterEnum
ALTER TYPE "id_card_application_status" ADD VALUE 'NOT_COLLECTED';

-- AlterTable
ALTER TABLE "id_card_application" ADD COLUMN     "pickup_escalated_at" TIMESTAMPTZ(3);
