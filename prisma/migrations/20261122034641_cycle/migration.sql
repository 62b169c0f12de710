-- CreateEnum
CREATE TYPE "CycleRole" AS ENUM ('AKIMAT_REGISTRAR', 'DISTRICT_COMMISSION', 'REGIONAL_COMMISSION', 'CEC_COORDINATOR');

-- CreateEnum
CREATE TYPE "CycleTaskKind" AS ENUM ('SUBMIT_FILES', 'REVIEW_DISCREPANCIES', 'SUBMIT_CORRECTIONS', 'SUBMIT_TO_CEC', 'RECORD_CEC_RECEIPT');

-- CreateEnum
CREATE TYPE "CycleTaskStatus" AS ENUM ('OPEN', 'CLAIMED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "EscalationReason" AS ENUM ('DEADLINE_PASSED', 'PROJECTED_MISS');

-- CreateTable
CREATE TABLE "cycle_task" (
    "id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16),
    "kind" "CycleTaskKind" NOT NULL,
    "round" INTEGER NOT NULL,
    "assignee_role" "CycleRole" NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "CycleTaskStatus" NOT NULL DEFAULT 'OPEN',
    "claimed_by" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "completed_by" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "outcome" JSONB,
    "reminded_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "cycle_task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalation" (
    "id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16),
    "step" TEXT NOT NULL,
    "task_id" UUID,
    "reason" "EscalationReason" NOT NULL,
    "deadline_at" TIMESTAMPTZ(3) NOT NULL,
    "misses_by_working_days" INTEGER,
    "level" "CycleRole" NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "level_changed_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_by" TEXT,
    "acknowledged_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cycle_reconciliation" (
    "id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "period" VARCHAR(7) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "round" INTEGER NOT NULL,
    "discrepancies" INTEGER NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cycle_reconciliation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cycle_task_status_due_at_idx" ON "cycle_task"("status", "due_at");

-- CreateIndex
CREATE INDEX "cycle_task_region_code_district_id_idx" ON "cycle_task"("region_code", "district_id");

-- CreateIndex
CREATE INDEX "cycle_task_workflow_id_idx" ON "cycle_task"("workflow_id");

-- CreateIndex
CREATE INDEX "escalation_resolved_at_level_idx" ON "escalation"("resolved_at", "level");

-- CreateIndex
CREATE INDEX "escalation_region_code_district_id_idx" ON "escalation"("region_code", "district_id");

-- CreateIndex
CREATE INDEX "escalation_workflow_id_idx" ON "escalation"("workflow_id");

-- CreateIndex
CREATE INDEX "cycle_reconciliation_workflow_id_round_idx" ON "cycle_reconciliation"("workflow_id", "round");
