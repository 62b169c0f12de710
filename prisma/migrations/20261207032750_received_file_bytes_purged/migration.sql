-- AlterTable
ALTER TABLE "received_file" ADD COLUMN     "bytes_purged_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "received_file_decided_at_idx" ON "received_file"("decided_at");
