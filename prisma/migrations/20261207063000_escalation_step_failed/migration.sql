-- AlterEnum: a district's workflow that failed for good is escalated to the regional commission and the CEC coordinator (issue 25).
ALTER TYPE "EscalationReason" ADD VALUE 'STEP_FAILED';
