-- AlterEnum: an administrator's certificate, their second factor at sign-in (TIZIM_ADMIN_SIGN_IN=eds, ASVS 4.3.1).
ALTER TYPE "signer_role" ADD VALUE 'ADMIN';
