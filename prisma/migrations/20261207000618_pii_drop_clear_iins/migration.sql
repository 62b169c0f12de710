-- The second half of 20261207000617_pii_keyed_hashes: every row's IIN has its keyed hash (filled
-- by `migrate deploy` between the two), so the IINs go. Applied by any other tool (e.g.
-- `prisma migrate deploy`) without that step, it stops here rather than lose whose row it is.
-- The message cast to a date, so the error carries it (the engine splits a script at every
-- semicolon, even in a DO block or a comment). No row without its hash, or nothing happens.
SELECT ('IINs without their keyed hash in ' || string_agg(format('%s (%s row%s)', t, n, CASE WHEN n = 1 THEN '' ELSE 's' END), ', ') ||
        ': apply the migrations with the project command (node dist/scripts/migrate.js deploy, with TIZIM_TOKEN_SECRET set), which fills the hashes before this step')::date
  FROM (
    SELECT 'registration_check' AS t, count(*) AS n FROM "registration_check" WHERE "iin_hmac" IS NULL
    UNION ALL SELECT 'egov_cabinet_message', count(*) FROM "egov_cabinet_message" WHERE "recipient_iin_hmac" IS NULL
    UNION ALL SELECT 'state_fee_payment', count(*) FROM "state_fee_payment" WHERE "iin_hmac" IS NULL
    UNION ALL SELECT 'property_record', count(*) FROM "property_record" WHERE "owner_iin_hmac" IS NULL
  ) c WHERE n > 0 HAVING count(*) > 0;

-- Every hash first, then the drops: a missing hash stops the script before anything is dropped.
ALTER TABLE "registration_check" ALTER COLUMN "iin_hmac" SET NOT NULL;
ALTER TABLE "egov_cabinet_message" ALTER COLUMN "recipient_iin_hmac" SET NOT NULL;
ALTER TABLE "state_fee_payment" ALTER COLUMN "iin_hmac" SET NOT NULL;
ALTER TABLE "property_record" ALTER COLUMN "owner_iin_hmac" SET NOT NULL;

-- DropIndex
DROP INDEX "egov_cabinet_message_recipient_iin_idx";

-- DropIndex
DROP INDEX "state_fee_payment_iin_idx";

-- DropIndex
DROP INDEX "property_record_owner_iin_idx";

-- AlterTable
ALTER TABLE "egov_cabinet_message" DROP COLUMN "recipient_iin";

-- AlterTable
ALTER TABLE "state_fee_payment" DROP COLUMN "iin";

-- AlterTable
ALTER TABLE "property_record" DROP COLUMN "owner_iin";

-- CreateIndex
CREATE INDEX "registration_check_iin_hmac_idx" ON "registration_check"("iin_hmac");

-- CreateIndex
CREATE INDEX "egov_cabinet_message_recipient_iin_hmac_idx" ON "egov_cabinet_message"("recipient_iin_hmac");

-- CreateIndex
CREATE INDEX "state_fee_payment_iin_hmac_idx" ON "state_fee_payment"("iin_hmac");

-- CreateIndex
CREATE INDEX "property_record_owner_iin_hmac_idx" ON "property_record"("owner_iin_hmac");
