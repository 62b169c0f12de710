-- CreateEnum
CREATE TYPE "consolidated_file_status" AS ENUM ('QUEUED', 'WRITTEN', 'REFUSED');

-- CreateTable
CREATE TABLE "consolidated_file" (
    "id" UUID NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "status" "consolidated_file_status" NOT NULL DEFAULT 'QUEUED',
    "file_name" TEXT NOT NULL,
    "sha256" CHAR(64),
    "size_bytes" BIGINT,
    "records" INTEGER,
    "sources" JSONB,
    "problem" TEXT,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "written_at" TIMESTAMPTZ(3),

    CONSTRAINT "consolidated_file_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "consolidated_file_period_region_code_requested_at_idx" ON "consolidated_file"("period", "region_code", "requested_at");
