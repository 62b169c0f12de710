-- CreateEnum
CREATE TYPE "register_fact_kind" AS ENUM ('DEREGISTERED', 'EMIGRATED', 'NON_CITIZEN', 'INCAPABLE', 'IMPRISONED', 'DECEASED', 'CITIZENSHIP_LOST');

-- AlterTable
ALTER TABLE "register_voter" ADD COLUMN     "document_expires_on" DATE,
ADD COLUMN     "document_issued_on" DATE,
ADD COLUMN     "document_number" TEXT;

-- AlterTable
ALTER TABLE "cycle_reconciliation" ADD COLUMN     "reference_date" DATE,
ADD COLUMN     "submission_id" UUID;

-- CreateTable
CREATE TABLE "register_status_fact" (
    "id" UUID NOT NULL,
    "iin" CHAR(12) NOT NULL,
    "kind" "register_fact_kind" NOT NULL,
    "since" DATE NOT NULL,
    "until" DATE,
    "basis" TEXT,

    CONSTRAINT "register_status_fact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "voter_submission" (
    "id" UUID NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "voter_file" TEXT NOT NULL,
    "station_file" TEXT NOT NULL,
    "voter_records" INTEGER NOT NULL,
    "station_records" INTEGER NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "voter_submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "voter_file_record" (
    "submission_id" UUID NOT NULL,
    "cod" INTEGER NOT NULL,
    "iin" VARCHAR(12) NOT NULL,
    "surname" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "patronymic" TEXT,
    "station_code" TEXT NOT NULL,
    "okg_r" TEXT,
    "okg_ob" TEXT,
    "okg_rai" TEXT,
    "obl" TEXT,
    "rai" TEXT,
    "birth_date" DATE,
    "nationality" TEXT,
    "sex" TEXT,
    "locality" TEXT,
    "street" TEXT,
    "house" TEXT,
    "building" TEXT,
    "apartment" TEXT,
    "document_number" TEXT,
    "document_issued_on" DATE,
    "note" TEXT,
    "changed" BOOLEAN NOT NULL DEFAULT false,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "changed_on" DATE,
    "added" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "voter_file_record_pkey" PRIMARY KEY ("submission_id","cod")
);

-- CreateTable
CREATE TABLE "station_file_record" (
    "submission_id" UUID NOT NULL,
    "row" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "premises" TEXT NOT NULL,
    "locality" TEXT NOT NULL,
    "street" TEXT,
    "house" TEXT,
    "restricted_access" BOOLEAN NOT NULL DEFAULT false,
    "is_new" BOOLEAN NOT NULL DEFAULT false,
    "abolished" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "station_file_record_pkey" PRIMARY KEY ("submission_id","row")
);

-- CreateTable
CREATE TABLE "reconciliation_discrepancy" (
    "run_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "category" SMALLINT NOT NULL,
    "subcategory" TEXT NOT NULL,
    "cod" INTEGER,
    "iin" VARCHAR(12),
    "station_code" TEXT,
    "evidence" JSONB NOT NULL,

    CONSTRAINT "reconciliation_discrepancy_pkey" PRIMARY KEY ("run_id","id")
);

-- CreateIndex
CREATE INDEX "register_status_fact_iin_idx" ON "register_status_fact"("iin");

-- CreateIndex
CREATE INDEX "voter_submission_period_district_id_received_at_idx" ON "voter_submission"("period", "district_id", "received_at");

-- CreateIndex
CREATE INDEX "voter_file_record_iin_idx" ON "voter_file_record"("iin");

-- CreateIndex
CREATE INDEX "reconciliation_discrepancy_run_id_category_station_code_idx" ON "reconciliation_discrepancy"("run_id", "category", "station_code");

-- AddForeignKey
ALTER TABLE "register_status_fact" ADD CONSTRAINT "register_status_fact_iin_fkey" FOREIGN KEY ("iin") REFERENCES "register_voter"("iin") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "voter_file_record" ADD CONSTRAINT "voter_file_record_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "voter_submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_file_record" ADD CONSTRAINT "station_file_record_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "voter_submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Name matching for reconciliation (libs/matching/normalize.ts is the same rule in TypeScript, and
-- test/db/name-normalisation.spec.ts checks that the two agree). Case is mapped with the ICU
-- collation so the result does not depend on the database's locale.
CREATE FUNCTION tizim_normalize_name(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE WHEN s ~ '[\u0400-\u04FF]' THEN translate(s, 'ABCEHKMOPTXYI', 'АВСЕНКМОРТХУІ') ELSE s END
  FROM (
    SELECT replace(
      regexp_replace(
        btrim(regexp_replace(
          translate(upper(normalize(coalesce(v, ''), NFC) COLLATE "und-x-icu"),
                    E'\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D', '----------'),
          '[\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]+', ' ', 'g'), ' '),
        ' ?- ?', '-', 'g'),
      'Ё', 'Е') AS s
  ) n
$fn$;

-- tizim_normalize_name, then the Kazakh letters folded to the nearest Russian letter.
CREATE FUNCTION tizim_fold_kazakh(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT translate(tizim_normalize_name(v), 'ӘҒҚҢӨҰҮҺІ', 'АГКНОУУХИ')
$fn$;
