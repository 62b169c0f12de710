-- IINs kept as a keyed hash where a table only matches or addresses a citizen (README, "Personal
-- data"). The first half: the hash columns, empty. `migrate deploy` then fills them from the IINs
-- (HMAC-SHA-256 under TIZIM_TOKEN_SECRET, which SQL cannot know: scripts/migrate.ts, DATA_STEPS)
-- and 20261207000618_pii_drop_clear_iins drops the IINs.

-- AlterTable
ALTER TABLE "registration_check" ADD COLUMN     "iin_hmac" CHAR(64),
ALTER COLUMN "iin" DROP NOT NULL;

-- AlterTable
ALTER TABLE "egov_cabinet_message" ADD COLUMN     "recipient_iin_hmac" CHAR(64);

-- AlterTable
ALTER TABLE "state_fee_payment" ADD COLUMN     "iin_hmac" CHAR(64);

-- AlterTable
ALTER TABLE "property_record" ADD COLUMN     "owner_iin_hmac" CHAR(64);
