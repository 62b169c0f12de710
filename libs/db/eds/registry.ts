/**
 * The registry of signers' certificates in PostgreSQL (signer_certificate). An operator registers a
 * certificate for its holder; the registry is the trust anchor (no chain to the NCA's root, no CRL
 * or OCSP yet), and revocation is the flag set here.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient, SignerCertificateModel } from '../prisma';
import { CertificateProblem, parseCertificate } from '../../eds/certificate';
import type { CertificateLookup, CertificateRecord, SignerRoleName } from '../../eds/verify';

export interface RegisterCertificateInput {
  pem: string;
  holder: string;
  holderName: string;
  holderRole: SignerRoleName;
  registeredBy: string;
  /** ISO instant of registration. */
  at: string;
  /** Effective at once (the default; one-admin), or false: a request a second admin approves (two-admins). */
  approved?: boolean;
}

/** A refusal by the registry: `conflict` when the state forbids it (already registered, already revoked). */
export class CertificateRegistryError extends Error {
  override readonly name = 'CertificateRegistryError';
  constructor(
    readonly kind: 'conflict' | 'not-found',
    /** Which refusal it is (libs/contracts/problems.ts), so no one tells them apart by their English. */
    readonly code: 'certificate.already-registered' | 'certificate.already-revoked' | 'certificate.not-found',
    message: string,
  ) {
    super(message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FINGERPRINT = /^[0-9a-f]{64}$/i;

/** A certificate reference: a registry id or a SHA-256 fingerprint (colons allowed), normalised; null when neither. */
export function certificateRef(ref: string): { id: string } | { fingerprint: string } | null {
  const text = ref.trim();
  if (UUID.test(text)) return { id: text.toLowerCase() };
  const hex = text.replace(/:/g, '');
  if (FINGERPRINT.test(hex)) return { fingerprint: hex.toLowerCase() };
  return null;
}

export class CertificateRegistry implements CertificateLookup {
  constructor(private readonly prisma: PrismaClient) {}

  async find(ref: string): Promise<CertificateRecord | null> {
    const where = certificateRef(ref);
    if (!where) return null;
    const row = await this.prisma.signerCertificate.findUnique({ where });
    // A registration awaiting a second admin's approval is not in the registry yet: it signs nothing.
    return row && row.registrationApprovedAt ? row : null;
  }

  /** Parses, checks and records a certificate; refuses one already registered or already expired. */
  async register(input: RegisterCertificateInput): Promise<SignerCertificateModel> {
    const parsed = parseCertificate(input.pem);
    if (parsed.notAfter.getTime() < Date.parse(input.at)) {
      throw new CertificateProblem(
        `The certificate expired on ${parsed.notAfter.toISOString()}; nothing can be signed with it any more`,
      );
    }
    const existing = await this.prisma.signerCertificate.findUnique({
      where: { fingerprint: parsed.fingerprint },
      select: { id: true },
    });
    if (existing)
      throw new CertificateRegistryError(
        'conflict',
        'certificate.already-registered',
        `This certificate is already registered as ${existing.id}`,
      );
    return this.prisma.signerCertificate.create({
      data: {
        id: randomUUID(),
        holder: input.holder,
        holderName: input.holderName,
        holderRole: input.holderRole,
        subject: parsed.subject,
        issuer: parsed.issuer,
        serial: parsed.serial,
        fingerprint: parsed.fingerprint,
        notBefore: parsed.notBefore,
        notAfter: parsed.notAfter,
        publicKeyAlgorithm: parsed.publicKeyAlgorithm,
        pem: parsed.pem,
        registeredAt: new Date(input.at),
        registeredBy: input.registeredBy,
        ...(input.approved !== false
          ? { registrationApprovedAt: new Date(input.at), registrationApprovedBy: input.registeredBy }
          : {}),
      },
    });
  }

  /** Sets the revocation flag once: from then on the certificate signs nothing. */
  async revoke(id: string, input: { reason: string; revokedBy: string; at: string }): Promise<SignerCertificateModel> {
    const updated = await this.prisma.signerCertificate.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date(input.at), revocationReason: input.reason, revokedBy: input.revokedBy },
    });
    const row = await this.prisma.signerCertificate.findUnique({ where: { id } });
    if (!row)
      throw new CertificateRegistryError('not-found', 'certificate.not-found', `No certificate ${id} is registered`);
    if (updated.count === 0)
      throw new CertificateRegistryError(
        'conflict',
        'certificate.already-revoked',
        `Certificate ${id} was already revoked on ${row.revokedAt!.toISOString()}`,
      );
    return row;
  }
}
