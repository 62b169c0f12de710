-- AlterTable
ALTER TABLE "consolidated_file" ADD COLUMN     "warnings" JSONB;

-- AlterTable
ALTER TABLE "id_card_application" ADD COLUMN     "photo_sha256" CHAR(64),
ADD COLUMN     "photo_type" TEXT,
ADD COLUMN     "signature_sha256" CHAR(64),
ADD COLUMN     "signature_type" TEXT;
