-- CreateTable
CREATE TABLE "workflow_request" (
    "id" UUID NOT NULL,
    "request_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "actor_region_code" VARCHAR(2),
    "actor_district_id" VARCHAR(16),
    "payload_sha256" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workflow_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "workflow_request_action_subject_id_request_id_key" ON "workflow_request"("action", "subject_id", "request_id");
