-- Issue 19: a voter file's record problems are findings of the round, not refusals, the file
-- reaches a verdict whatever its import meets, intake near COPY speed.

-- AlterEnum
ALTER TYPE "received_file_status" ADD VALUE 'FAILED';

-- AlterTable
ALTER TABLE "reconciliation_discrepancy" ADD COLUMN     "row" INTEGER,
ALTER COLUMN "iin" SET DATA TYPE TEXT;

-- AlterTable
ALTER TABLE "received_file" ADD COLUMN     "failure" TEXT,
ADD COLUMN     "record_problems" INTEGER,
ADD COLUMN     "rows_with_problems" INTEGER;

-- voter_file_record becomes partitioned by submission (Prisma's schema cannot say so): every
-- record of an accepted file is staged, keyed by its row in the file (Cod may repeat or be
-- missing), with the intake's problems, identity fields may be empty, the IIN is kept as
-- written. The importer writes each file into a table of its own and attaches it as a partition
-- (libs/db/voter-partitions.ts, libs/files/voter-import.ts). No index on the IIN: reconciliation
-- reads one submission at a time and joins by hash.
ALTER TABLE "voter_file_record" RENAME TO "voter_file_record_before_partitions";
ALTER TABLE "voter_file_record_before_partitions" RENAME CONSTRAINT "voter_file_record_pkey" TO "voter_file_record_before_partitions_pkey";
ALTER TABLE "voter_file_record_before_partitions" DROP CONSTRAINT "voter_file_record_submission_id_fkey";
DROP INDEX "voter_file_record_iin_idx";

CREATE TABLE "voter_file_record" (
    "submission_id" UUID NOT NULL,
    "row" INTEGER NOT NULL,
    "cod" INTEGER,
    "iin" TEXT,
    "surname" TEXT,
    "first_name" TEXT,
    "patronymic" TEXT,
    "station_code" TEXT,
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
    "problems" TEXT[],

    CONSTRAINT "voter_file_record_pkey" PRIMARY KEY ("submission_id", "row")
) PARTITION BY LIST ("submission_id");

ALTER TABLE "voter_file_record" ADD CONSTRAINT "voter_file_record_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "voter_submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The records staged before this migration, in one default partition (rows numbered in Cod
-- order): a new submission's partition is checked against it when attached, which costs nothing
-- once it is empty, as it is on every database made after this migration.
CREATE TABLE "voter_file_record_staged_before" PARTITION OF "voter_file_record" DEFAULT;

INSERT INTO "voter_file_record" ("submission_id", "row", "cod", "iin", "surname", "first_name", "patronymic", "station_code", "okg_r", "okg_ob",
  "okg_rai", "obl", "rai", "birth_date", "nationality", "sex", "locality", "street", "house", "building", "apartment", "document_number",
  "document_issued_on", "note", "changed", "deleted", "changed_on", "added")
SELECT "submission_id", row_number() OVER (PARTITION BY "submission_id" ORDER BY "cod"), "cod", "iin", "surname", "first_name", "patronymic",
  "station_code", "okg_r", "okg_ob", "okg_rai", "obl", "rai", "birth_date", "nationality", "sex", "locality", "street", "house", "building",
  "apartment", "document_number", "document_issued_on", "note", "changed", "deleted", "changed_on", "added"
  FROM "voter_file_record_before_partitions";

DROP TABLE "voter_file_record_before_partitions";
