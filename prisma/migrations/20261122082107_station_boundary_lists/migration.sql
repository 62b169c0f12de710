-- AlterTable
ALTER TABLE "voter_submission" ADD COLUMN     "boundary_file" TEXT,
ADD COLUMN     "boundary_file_id" UUID,
ADD COLUMN     "boundary_records" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "station_file_id" UUID;

-- CreateTable
CREATE TABLE "boundary_file_record" (
    "submission_id" UUID NOT NULL,
    "row" INTEGER NOT NULL,
    "station_number" INTEGER NOT NULL,
    "locality_type" TEXT,
    "locality" TEXT NOT NULL,
    "boundaries" TEXT,
    "address_type" TEXT,
    "address" TEXT,
    "house" TEXT,

    CONSTRAINT "boundary_file_record_pkey" PRIMARY KEY ("submission_id","row")
);

-- CreateIndex
CREATE INDEX "boundary_file_record_submission_id_station_number_idx" ON "boundary_file_record"("submission_id", "station_number");

-- AddForeignKey
ALTER TABLE "boundary_file_record" ADD CONSTRAINT "boundary_file_record_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "voter_submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
