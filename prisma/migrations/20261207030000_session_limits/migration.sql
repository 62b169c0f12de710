-- The absolute and idle limits of a sign-in (issue 24 item 3): each session of a chain (family) carries
-- when the sign-in began and the last activity of the official, and the address and device it came
-- from, for the list of the sign-ins of an official. Sessions written before: the creation of the
-- first session of their chain, and their own creation.
ALTER TABLE "user_session" ADD COLUMN "signed_in_at" TIMESTAMPTZ(3),
ADD COLUMN "last_active_at" TIMESTAMPTZ(3),
ADD COLUMN "client_address" TEXT,
ADD COLUMN "device" TEXT;

UPDATE "user_session" s SET "signed_in_at" = f.first, "last_active_at" = s."created_at"
  FROM (SELECT "family_id", min("created_at") AS first FROM "user_session" GROUP BY "family_id") f
 WHERE f."family_id" = s."family_id";

ALTER TABLE "user_session" ALTER COLUMN "signed_in_at" SET NOT NULL,
ALTER COLUMN "last_active_at" SET NOT NULL;
