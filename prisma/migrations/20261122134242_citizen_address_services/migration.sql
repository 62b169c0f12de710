-- AlterTable
ALTER TABLE "register_voter" ADD COLUMN     "registered_on" DATE;

-- CreateTable
CREATE TABLE "property_record" (
    "cadastral_number" TEXT NOT NULL,
    "owner_iin" CHAR(12) NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,
    "district_id" VARCHAR(16) NOT NULL,
    "locality" TEXT NOT NULL,
    "street" TEXT,
    "house" TEXT,
    "apartment" TEXT,

    CONSTRAINT "property_record_pkey" PRIMARY KEY ("cadastral_number")
);

-- CreateIndex
CREATE INDEX "property_record_owner_iin_idx" ON "property_record"("owner_iin");
