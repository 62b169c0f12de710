-- A finding names its voter-file record (the run's submission and the row), which holds the IIN as
-- the file gives it: the finding's own copy of the IIN goes (README, "Personal data"). Records are
-- never deleted, so each copy can be read back from its record. Stops, naming how many, if any
-- finding's IIN is not its record's (the message cast to a date, so the error carries it).

-- Findings written before 20261203125026_voter_intake_findings name no row: their record is the
-- one of the run's submission with the same Cod and IIN (rows were then numbered in Cod order).
UPDATE "reconciliation_discrepancy" d SET "row" = f.row
  FROM "cycle_reconciliation" c, "voter_file_record" f
 WHERE c.id = d.run_id AND f.submission_id = c.submission_id
   AND d.row IS NULL AND d.iin IS NOT NULL AND f.cod = d.cod AND f.iin = d.iin;

SELECT ('Findings whose IIN their voter-file record does not hold: ' || count(*) || ' (reconciliation_discrepancy)')::date
  FROM "reconciliation_discrepancy" d
  LEFT JOIN "cycle_reconciliation" c ON c.id = d.run_id
  LEFT JOIN "voter_file_record" f ON f.submission_id = c.submission_id AND f.row = d.row
 WHERE d.iin IS NOT NULL AND f.iin IS DISTINCT FROM d.iin
HAVING count(*) > 0;

-- AlterTable
ALTER TABLE "reconciliation_discrepancy" DROP COLUMN "iin";
