-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "region_kind" AS ENUM ('OBLAST', 'CITY');

-- CreateEnum
CREATE TYPE "sex" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "registration_check_status" AS ENUM ('REQUESTED', 'FOUND', 'NOT_FOUND');

-- CreateTable
CREATE TABLE "region" (
    "code" VARCHAR(2) NOT NULL,
    "name_ru" TEXT NOT NULL,
    "name_kk" TEXT NOT NULL,
    "kind" "region_kind" NOT NULL,

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "district" (
    "id" VARCHAR(16) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "name_ru" TEXT NOT NULL,
    "name_kk" TEXT NOT NULL,

    CONSTRAINT "district_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "polling_station" (
    "id" UUID NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "number" INTEGER NOT NULL,
    "premises" TEXT NOT NULL,
    "locality" TEXT NOT NULL,
    "street" TEXT,
    "house" TEXT,
    "restricted_access" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "polling_station_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "register_voter" (
    "id" UUID NOT NULL,
    "iin" CHAR(12) NOT NULL,
    "surname" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "patronymic" TEXT,
    "birth_date" DATE NOT NULL,
    "sex" "sex" NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "station_id" UUID,
    "locality" TEXT NOT NULL,
    "street" TEXT,
    "house" TEXT,
    "apartment" TEXT,

    CONSTRAINT "register_voter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "registration_check" (
    "id" UUID NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "iin" CHAR(12) NOT NULL,
    "status" "registration_check_status" NOT NULL DEFAULT 'REQUESTED',
    "region_code" VARCHAR(2),
    "district_id" VARCHAR(16),
    "station_number" INTEGER,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    "notified_at" TIMESTAMPTZ(3),

    CONSTRAINT "registration_check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "egov_cabinet_message" (
    "id" UUID NOT NULL,
    "delivery_key" TEXT NOT NULL,
    "recipient_iin" CHAR(12) NOT NULL,
    "kind" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "delivered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "egov_cabinet_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "reason" TEXT,
    "request_id" TEXT,
    "outcome" TEXT NOT NULL DEFAULT 'ok',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "district_region_code_idx" ON "district"("region_code");

-- CreateIndex
CREATE INDEX "polling_station_district_id_idx" ON "polling_station"("district_id");

-- CreateIndex
CREATE UNIQUE INDEX "polling_station_region_code_number_key" ON "polling_station"("region_code", "number");

-- CreateIndex
CREATE UNIQUE INDEX "register_voter_iin_key" ON "register_voter"("iin");

-- CreateIndex
CREATE INDEX "register_voter_station_id_idx" ON "register_voter"("station_id");

-- CreateIndex
CREATE INDEX "register_voter_district_id_idx" ON "register_voter"("district_id");

-- CreateIndex
CREATE UNIQUE INDEX "registration_check_workflow_id_key" ON "registration_check"("workflow_id");

-- CreateIndex
CREATE UNIQUE INDEX "egov_cabinet_message_delivery_key_key" ON "egov_cabinet_message"("delivery_key");

-- CreateIndex
CREATE INDEX "egov_cabinet_message_recipient_iin_idx" ON "egov_cabinet_message"("recipient_iin");

-- CreateIndex
CREATE INDEX "audit_event_subject_type_subject_id_idx" ON "audit_event"("subject_type", "subject_id");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- AddForeignKey
ALTER TABLE "district" ADD CONSTRAINT "district_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "polling_station" ADD CONSTRAINT "polling_station_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "polling_station" ADD CONSTRAINT "polling_station_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "register_voter" ADD CONSTRAINT "register_voter_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "register_voter" ADD CONSTRAINT "register_voter_district_id_fkey" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "register_voter" ADD CONSTRAINT "register_voter_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "polling_station"("id") ON DELETE SET NULL ON UPDATE CASCADE;
