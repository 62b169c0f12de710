-- AlterTable
ALTER TABLE "cycle_reconciliation" ADD COLUMN     "summary" JSONB;
