-- AlterTable
ALTER TABLE "escalation" ADD COLUMN     "acknowledged_comment" TEXT,
ADD COLUMN     "resolution_note" TEXT,
ADD COLUMN     "resolved_by" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "cycle_task_period_region_code_idx" ON "cycle_task"("period", "region_code");

-- CreateIndex
CREATE INDEX "escalation_period_region_code_idx" ON "escalation"("period", "region_code");
