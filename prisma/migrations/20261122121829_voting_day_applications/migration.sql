-- CreateEnum
CREATE TYPE "voting_day_application_status" AS ENUM ('REGISTERED', 'AWAITING_DECISION', 'INCLUDED', 'REJECTED');

-- CreateEnum
CREATE TYPE "registry_lookup_result" AS ENUM ('FOUND', 'NOT_FOUND', 'UNAVAILABLE');

-- CreateEnum
CREATE TYPE "boundary_verdict" AS ENUM ('INSIDE', 'OUTSIDE', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "voting_day_escalation_reason" AS ENUM ('OPEN_TOO_LONG', 'VOTING_CLOSED');

-- CreateEnum
CREATE TYPE "egov_delivery_status" AS ENUM ('QUEUED', 'DELIVERED', 'DEAD');

-- CreateTable
CREATE TABLE "voting_day" (
    "id" UUID NOT NULL,
    "date" DATE NOT NULL,
    "name" TEXT NOT NULL,
    "opens_at" TIMESTAMPTZ(3) NOT NULL,
    "closes_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "voting_day_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "voting_day_application" (
    "id" UUID NOT NULL,
    "voting_day_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "station_id" UUID NOT NULL,
    "station_number" INTEGER NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "applicant_iin" CHAR(12) NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "status" "voting_day_application_status" NOT NULL DEFAULT 'REGISTERED',
    "registered_by" TEXT NOT NULL,
    "registered_at" TIMESTAMPTZ(3) NOT NULL,
    "lookup_result" "registry_lookup_result",
    "lookup_attempts" INTEGER NOT NULL DEFAULT 0,
    "lookup_error" TEXT,
    "looked_up_at" TIMESTAMPTZ(3),
    "registration" JSONB,
    "boundary_verdict" "boundary_verdict",
    "boundary_stations" INTEGER[],
    "boundary_rows" INTEGER[],
    "boundary_submission_id" UUID,
    "call_centre_station_number" INTEGER,
    "call_centre_note" TEXT,
    "call_centre_by" TEXT,
    "call_centre_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "rejection_reason" TEXT,
    "correct_station_number" INTEGER,
    "notification_queued_at" TIMESTAMPTZ(3),
    "notified_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "voting_day_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "voting_day_application_event" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "actor" TEXT,
    "detail" JSONB,

    CONSTRAINT "voting_day_application_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplementary_list_entry" (
    "application_id" UUID NOT NULL,
    "voting_day_id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "iin" CHAR(12) NOT NULL,
    "surname" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "patronymic" TEXT,
    "birth_date" DATE NOT NULL,
    "added_by" TEXT NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "supplementary_list_entry_pkey" PRIMARY KEY ("application_id")
);

-- CreateTable
CREATE TABLE "voting_day_escalation" (
    "id" UUID NOT NULL,
    "application_id" UUID NOT NULL,
    "voting_day_id" UUID NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "station_number" INTEGER NOT NULL,
    "reason" "voting_day_escalation_reason" NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "voting_day_escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_incident" (
    "id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "region_code" VARCHAR(2),
    "district_id" VARCHAR(16),
    "station_id" UUID,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "detected_at" TIMESTAMPTZ(3) NOT NULL,
    "detail" JSONB,
    "reported_at" TIMESTAMPTZ(3),
    "reported_by" TEXT,

    CONSTRAINT "security_incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "local_service_outage" (
    "service" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,

    CONSTRAINT "local_service_outage_pkey" PRIMARY KEY ("service")
);

-- CreateTable
CREATE TABLE "egov_delivery" (
    "job_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "status" "egov_delivery_status" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "dead_at" TIMESTAMPTZ(3),

    CONSTRAINT "egov_delivery_pkey" PRIMARY KEY ("job_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "voting_day_date_key" ON "voting_day"("date");

-- CreateIndex
CREATE UNIQUE INDEX "voting_day_application_workflow_id_key" ON "voting_day_application"("workflow_id");

-- CreateIndex
CREATE INDEX "voting_day_application_voting_day_id_status_idx" ON "voting_day_application"("voting_day_id", "status");

-- CreateIndex
CREATE INDEX "voting_day_application_voting_day_id_district_id_idx" ON "voting_day_application"("voting_day_id", "district_id");

-- CreateIndex
CREATE UNIQUE INDEX "voting_day_application_voting_day_id_station_id_number_key" ON "voting_day_application"("voting_day_id", "station_id", "number");

-- CreateIndex
CREATE INDEX "voting_day_application_event_application_id_at_idx" ON "voting_day_application_event"("application_id", "at");

-- CreateIndex
CREATE INDEX "supplementary_list_entry_station_id_idx" ON "supplementary_list_entry"("station_id");

-- CreateIndex
CREATE UNIQUE INDEX "supplementary_list_entry_voting_day_id_iin_key" ON "supplementary_list_entry"("voting_day_id", "iin");

-- CreateIndex
CREATE INDEX "voting_day_escalation_voting_day_id_district_id_closed_at_idx" ON "voting_day_escalation"("voting_day_id", "district_id", "closed_at");

-- CreateIndex
CREATE UNIQUE INDEX "voting_day_escalation_application_id_reason_key" ON "voting_day_escalation"("application_id", "reason");

-- CreateIndex
CREATE UNIQUE INDEX "security_incident_dedupe_key_key" ON "security_incident"("dedupe_key");

-- CreateIndex
CREATE INDEX "security_incident_detected_at_idx" ON "security_incident"("detected_at");

-- CreateIndex
CREATE INDEX "egov_delivery_status_idx" ON "egov_delivery"("status");

-- AddForeignKey
ALTER TABLE "voting_day_application" ADD CONSTRAINT "voting_day_application_voting_day_id_fkey" FOREIGN KEY ("voting_day_id") REFERENCES "voting_day"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "voting_day_application_event" ADD CONSTRAINT "voting_day_application_event_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "voting_day_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "voting_day_escalation" ADD CONSTRAINT "voting_day_escalation_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "voting_day_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
