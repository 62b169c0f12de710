-- AlterEnum
ALTER TYPE "signer_role" ADD VALUE 'MIGRATION_OFFICER';

-- AlterEnum
ALTER TYPE "user_role" ADD VALUE 'MIGRATION_OFFICER';

-- AlterTable
ALTER TABLE "id_card_application" ADD COLUMN     "approval_certificate_id" UUID,
ADD COLUMN     "approval_sha256" CHAR(64),
ADD COLUMN     "approval_signature" TEXT,
ADD COLUMN     "approval_signed_at" TIMESTAMPTZ(3),
ADD COLUMN     "refusal_code" TEXT;

-- AddForeignKey
ALTER TABLE "id_card_application" ADD CONSTRAINT "id_card_application_fee_payment_id_fkey" FOREIGN KEY ("fee_payment_id") REFERENCES "state_fee_payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
