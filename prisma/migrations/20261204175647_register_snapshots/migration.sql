-- Issue 20: the central register as real data. Snapshots of AIS «Сайлау» (register_snapshot),
-- each one's people and status facts a partition of register_voter and register_status_fact,
-- and the state registries' events between snapshots (register_event).

-- CreateEnum
CREATE TYPE "register_snapshot_status" AS ENUM ('IMPORTING', 'CURRENT', 'SUPERSEDED', 'REFUSED', 'FAILED');

-- CreateEnum
CREATE TYPE "register_source" AS ENUM ('CIVIL_REGISTRY', 'COURTS', 'MIGRATION_SERVICE', 'ADDRESS_REGISTRY');

-- CreateTable
CREATE TABLE "register_snapshot" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "as_of" DATE NOT NULL,
    "sha256" CHAR(64),
    "file_name" TEXT,
    "size_bytes" BIGINT,
    "format" TEXT NOT NULL,
    "status" "register_snapshot_status" NOT NULL,
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "rows_accepted" INTEGER NOT NULL DEFAULT 0,
    "rows_held_back" INTEGER NOT NULL DEFAULT 0,
    "bytes_read" BIGINT NOT NULL DEFAULT 0,
    "report" JSONB,
    "failure" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "superseded_at" TIMESTAMPTZ(3),
    "purged_at" TIMESTAMPTZ(3),

    CONSTRAINT "register_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "register_snapshot_version_key" ON "register_snapshot"("version");

-- CreateIndex
CREATE INDEX "register_snapshot_status_idx" ON "register_snapshot"("status");

-- One snapshot is current at a time (Prisma's schema cannot say so).
CREATE UNIQUE INDEX "register_snapshot_one_current" ON "register_snapshot" ("status") WHERE "status" = 'CURRENT';

-- CreateTable
CREATE TABLE "register_snapshot_problem" (
    "snapshot_id" UUID NOT NULL,
    "row" INTEGER NOT NULL,
    "field" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "first_row" INTEGER,

    CONSTRAINT "register_snapshot_problem_pkey" PRIMARY KEY ("snapshot_id","row","field")
);

-- AddForeignKey
ALTER TABLE "register_snapshot_problem" ADD CONSTRAINT "register_snapshot_problem_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "register_snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Version 0: the register as it was loaded before snapshots (the demo seed, the synthetic
-- loader, tests), current until the first extract is imported. Its id is the column default,
-- so writers that predate snapshots keep writing into it.
INSERT INTO "register_snapshot" ("id", "version", "as_of", "format", "status", "created_by", "activated_at")
VALUES ('00000000-0000-4000-8000-000000000000', 0, CURRENT_DATE, 'before-snapshots', 'CURRENT', 'migration', CURRENT_TIMESTAMP);

-- register_voter and register_status_fact become partitioned by snapshot. The importer writes a
-- snapshot's rows into tables of their own and attaches them when the snapshot is complete
-- (libs/register/snapshot-import.ts). No foreign keys: the importer checks the territory and the
-- stations itself, and a trigger per row would halve COPY's speed.
ALTER TABLE "register_voter" RENAME TO "register_voter_before_snapshots";
ALTER TABLE "register_voter_before_snapshots" RENAME CONSTRAINT "register_voter_pkey" TO "register_voter_before_snapshots_pkey";
ALTER TABLE "register_status_fact" RENAME TO "register_status_fact_before_snapshots";
ALTER TABLE "register_status_fact_before_snapshots" RENAME CONSTRAINT "register_status_fact_pkey" TO "register_status_fact_before_snapshots_pkey";
ALTER TABLE "register_status_fact_before_snapshots" DROP CONSTRAINT "register_status_fact_iin_fkey";
DROP INDEX "register_voter_iin_key";
DROP INDEX "register_voter_station_id_idx";
DROP INDEX "register_voter_district_id_idx";
DROP INDEX "register_status_fact_iin_idx";

-- The IIN and the district code are digits: compared and indexed byte by byte (COLLATE "C"),
-- which builds a snapshot's keys in a fraction of a locale collation's time (Prisma's schema
-- cannot say so). Equality with other columns is unaffected: every collation here is deterministic.
CREATE TABLE "register_voter" (
    "snapshot_id" UUID NOT NULL DEFAULT '00000000-0000-4000-8000-000000000000',
    "iin" CHAR(12) COLLATE "C" NOT NULL,
    "row" INTEGER,
    "surname" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "patronymic" TEXT,
    "birth_date" DATE NOT NULL,
    "sex" "sex" NOT NULL,
    "citizenship" VARCHAR(2) NOT NULL DEFAULT 'KZ',
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) COLLATE "C" NOT NULL,
    "kato" VARCHAR(9),
    "station_id" UUID,
    "locality" TEXT NOT NULL,
    "street" TEXT,
    "house" TEXT,
    "apartment" TEXT,
    "registered_on" DATE,
    "document_number" TEXT,
    "document_issued_on" DATE,
    "document_expires_on" DATE,

    CONSTRAINT "register_voter_pkey" PRIMARY KEY ("snapshot_id", "iin")
) PARTITION BY LIST ("snapshot_id");

-- CreateIndex
CREATE INDEX "register_voter_snapshot_id_district_id_idx" ON "register_voter"("snapshot_id", "district_id");

CREATE TABLE "register_status_fact" (
    "snapshot_id" UUID NOT NULL DEFAULT '00000000-0000-4000-8000-000000000000',
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "iin" CHAR(12) COLLATE "C" NOT NULL,
    "kind" "register_fact_kind" NOT NULL,
    "since" DATE NOT NULL,
    "until" DATE,
    "basis" TEXT,

    CONSTRAINT "register_status_fact_pkey" PRIMARY KEY ("snapshot_id", "id")
) PARTITION BY LIST ("snapshot_id");

-- CreateIndex
CREATE INDEX "register_status_fact_snapshot_id_iin_idx" ON "register_status_fact"("snapshot_id", "iin");

CREATE TABLE "register_voter_s00000000000040008000000000000000" PARTITION OF "register_voter" FOR VALUES IN ('00000000-0000-4000-8000-000000000000');
CREATE TABLE "register_status_fact_s00000000000040008000000000000000" PARTITION OF "register_status_fact" FOR VALUES IN ('00000000-0000-4000-8000-000000000000');

INSERT INTO "register_voter" ("iin", "surname", "first_name", "patronymic", "birth_date", "sex", "region_code", "district_id", "station_id",
  "locality", "street", "house", "apartment", "registered_on", "document_number", "document_issued_on", "document_expires_on")
SELECT "iin", "surname", "first_name", "patronymic", "birth_date", "sex", "region_code", "district_id", "station_id",
  "locality", "street", "house", "apartment", "registered_on", "document_number", "document_issued_on", "document_expires_on"
  FROM "register_voter_before_snapshots";

INSERT INTO "register_status_fact" ("id", "iin", "kind", "since", "until", "basis")
SELECT "id", "iin", "kind", "since", "until", "basis" FROM "register_status_fact_before_snapshots";

DROP TABLE "register_status_fact_before_snapshots";
DROP TABLE "register_voter_before_snapshots";

-- AlterTable
ALTER TABLE "cycle_reconciliation" ADD COLUMN     "event_watermark" BIGINT,
ADD COLUMN     "snapshot_id" UUID;

-- CreateTable
CREATE TABLE "register_event" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "source" "register_source" NOT NULL,
    "source_event_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "iin" CHAR(12) NOT NULL,
    "effective_on" DATE NOT NULL,
    "data" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "received_by" TEXT NOT NULL,
    "contained_in" UUID,

    CONSTRAINT "register_event_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "register_event_id_key" ON "register_event"("id");

-- CreateIndex
CREATE INDEX "register_event_iin_idx" ON "register_event"("iin");

-- CreateIndex
CREATE UNIQUE INDEX "register_event_source_source_event_id_key" ON "register_event"("source", "source_event_id");

-- CreateTable
CREATE TABLE "reconciliation_pin" (
    "run_id" UUID NOT NULL,
    "snapshot_id" UUID NOT NULL,
    "event_watermark" BIGINT NOT NULL,
    "pinned_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_pin_pkey" PRIMARY KEY ("run_id")
);
