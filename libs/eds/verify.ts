/**
 * Verifying a detached signature against the registry of signers' certificates. General on purpose:
 * transfer acts use it now, the precinct members' sign-in challenge later.
 *
 * A signature is accepted only when, in this order:
 *  1. the certificate is registered (looked up by its registry id or its SHA-256 fingerprint);
 *  2. it belongs to the claimed signer (holder, and role when one is asked for);
 *  3. it is not revoked (the registry's flag: a revoked certificate signs nothing more, whatever
 *     signing time is claimed, since that time is the signer's own statement, not a timestamp);
 *  4. it was valid at the signing time (notBefore <= at <= notAfter);
 *  5. its key family can be verified here (GOST 34.10 cannot yet);
 *  6. the signature verifies over the exact bytes.
 * Each refusal has a code and a reason in plain words.
 */
import { parseCertificate, type KeyFamily } from './certificate';
import { DEFAULT_VERIFIERS, type SignatureVerifier } from './verifiers';
import { SIGNER_ROLE_WORDS, type SignerRoleName } from '../contracts/roles';

export type { SignerRoleName };

/** A registered certificate, as the registry keeps it. */
export interface CertificateRecord {
  id: string;
  holder: string;
  holderName: string;
  holderRole: SignerRoleName;
  subject: string;
  issuer: string;
  serial: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  publicKeyAlgorithm: string;
  pem: string;
  revokedAt: Date | null;
  revocationReason: string | null;
}

export interface CertificateLookup {
  /** By registry id (a UUID) or SHA-256 fingerprint (64 hex digits, colons allowed); null when not registered. */
  find(ref: string): Promise<CertificateRecord | null>;
}

export type RefusalCode =
  | 'malformed-signature'
  | 'unknown-certificate'
  | 'wrong-holder'
  | 'wrong-role'
  | 'revoked'
  | 'not-yet-valid'
  | 'expired'
  | 'unavailable-algorithm'
  | 'bad-signature';

export type Verdict =
  | { valid: true; certificate: CertificateRecord; scheme: string }
  | { valid: false; code: RefusalCode; reason: string; certificate?: CertificateRecord };

export interface SignerExpectation {
  /** The user the signature must come from. */
  holder?: string;
  role?: SignerRoleName;
}

/** Strict base64 (standard alphabet, padded or not); anything else is not a signature. */
export function decodeSignature(signature: string): Buffer | null {
  const text = signature.trim();
  if (!text || !/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 === 1) return null;
  return Buffer.from(text, 'base64');
}

/** "ab12cd34…" — enough of a fingerprint to name a certificate in a message. */
export const shortFingerprint = (fingerprint: string): string => `${fingerprint.slice(0, 16)}…`;

export class SignatureVerification {
  constructor(
    private readonly certificates: CertificateLookup,
    private readonly verifiers: Readonly<Record<KeyFamily, SignatureVerifier>> = DEFAULT_VERIFIERS,
  ) {}

  /**
   * Verifies `signature` (base64 or raw bytes) over exactly `bytes`, made with the certificate
   * `certificateRef` at the moment `at` (the signing time stated by the signer).
   */
  async verify(
    bytes: Uint8Array,
    signature: string | Uint8Array,
    certificateRef: string,
    at: Date | string,
    expect: SignerExpectation = {},
  ): Promise<Verdict> {
    const raw = typeof signature === 'string' ? decodeSignature(signature) : Buffer.from(signature);
    if (!raw || raw.length === 0)
      return {
        valid: false,
        code: 'malformed-signature',
        reason: 'The signature must be the raw signature bytes in base64',
      };
    const when = at instanceof Date ? at : new Date(at);
    if (Number.isNaN(when.getTime())) throw new TypeError('the signing time must be an instant');

    const certificate = await this.certificates.find(certificateRef);
    if (!certificate)
      return { valid: false, code: 'unknown-certificate', reason: `No certificate ${certificateRef} is registered` };
    const name = `Certificate ${shortFingerprint(certificate.fingerprint)} (serial ${certificate.serial})`;
    const refuse = (code: RefusalCode, reason: string): Verdict => ({ valid: false, code, reason, certificate });

    if (expect.holder !== undefined && certificate.holder !== expect.holder) {
      return refuse('wrong-holder', `${name} belongs to ${certificate.holder}, not to ${expect.holder}, who must sign`);
    }
    if (expect.role && certificate.holderRole !== expect.role) {
      return refuse(
        'wrong-role',
        `${name} is registered for ${SIGNER_ROLE_WORDS[certificate.holderRole]}, not for ${SIGNER_ROLE_WORDS[expect.role]}`,
      );
    }
    if (certificate.revokedAt) {
      const why = certificate.revocationReason ? ` (${certificate.revocationReason})` : '';
      return refuse(
        'revoked',
        `${name} was revoked on ${certificate.revokedAt.toISOString()}${why}; it signs nothing more`,
      );
    }
    if (when < certificate.notBefore) {
      return refuse(
        'not-yet-valid',
        `${name} was not yet valid at the signing time ${when.toISOString()}: it is valid from ${certificate.notBefore.toISOString()}`,
      );
    }
    if (when > certificate.notAfter) {
      return refuse(
        'expired',
        `${name} had expired at the signing time ${when.toISOString()}: it was valid until ${certificate.notAfter.toISOString()}`,
      );
    }
    const parsed = parseCertificate(certificate.pem);
    const verifier = this.verifiers[parsed.family];
    const outcome = verifier.verify(bytes, raw, parsed);
    // A family not available here refuses whatever its verifier answered.
    if (!verifier.available)
      return refuse(
        'unavailable-algorithm',
        outcome.ok ? `${parsed.publicKeyAlgorithm} signatures cannot be verified on this server yet` : outcome.reason,
      );
    if (!outcome.ok) return refuse('bad-signature', `${outcome.reason} (${name})`);
    return { valid: true, certificate, scheme: outcome.scheme };
  }
}
