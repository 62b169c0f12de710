-- A second admin approves each registration and revocation of a signer's certificate
-- (TIZIM_CERTIFICATE_APPROVALS=two-admins). The certificates registered before stay effective:
-- their registration counts as approved by whoever registered them.
ALTER TABLE "signer_certificate"
  ADD COLUMN "registration_approved_at" TIMESTAMPTZ(3),
  ADD COLUMN "registration_approved_by" TEXT,
  ADD COLUMN "revocation_requested_at" TIMESTAMPTZ(3),
  ADD COLUMN "revocation_requested_by" TEXT,
  ADD COLUMN "revocation_request_reason" TEXT,
  ADD COLUMN "revocation_approved_by" TEXT;

UPDATE "signer_certificate"
   SET "registration_approved_at" = "registered_at", "registration_approved_by" = "registered_by";
