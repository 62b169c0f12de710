-- CreateEnum
CREATE TYPE "CalendarOrigin" AS ENUM ('SHIPPED', 'ADMIN');

-- CreateTable
CREATE TABLE "calendar_year" (
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "origin" "CalendarOrigin" NOT NULL,
    "data" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "calendar_year_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "calendar_year_revision" (
    "id" BIGSERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "origin" "CalendarOrigin" NOT NULL,
    "data" JSONB NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "changed_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "calendar_year_revision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "calendar_year_revision_year_revision_key" ON "calendar_year_revision"("year", "revision");

-- AddForeignKey
ALTER TABLE "calendar_year_revision" ADD CONSTRAINT "calendar_year_revision_year_fkey" FOREIGN KEY ("year") REFERENCES "calendar_year"("year") ON DELETE RESTRICT ON UPDATE CASCADE;
