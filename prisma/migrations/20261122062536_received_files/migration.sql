-- CreateEnum
CREATE TYPE "received_file_kind" AS ENUM ('VOTERS', 'STATIONS', 'BOUNDARIES');

-- CreateEnum
CREATE TYPE "received_file_status" AS ENUM ('RECEIVED', 'ACCEPTED', 'REJECTED');

-- AlterTable
ALTER TABLE "voter_submission" ALTER COLUMN "station_file" DROP NOT NULL,
ALTER COLUMN "station_records" SET DEFAULT 0;

-- CreateTable
CREATE TABLE "received_file" (
    "id" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "kind" "received_file_kind" NOT NULL,
    "file_name" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "status" "received_file_status" NOT NULL DEFAULT 'RECEIVED',
    "records" INTEGER,
    "problem_count" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "submission_id" UUID,
    "uploaded_by" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "received_file_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "received_file_period_district_id_received_at_idx" ON "received_file"("period", "district_id", "received_at");

-- CreateIndex
CREATE INDEX "received_file_sha256_idx" ON "received_file"("sha256");
