/**
 * CMS signatures as Kazakh officials make them through NCALayer (issue 27), accepted in one place
 * for the sign-in, the transfer acts and the migration officer's approval:
 *
 *  1. the verifier (libs/eds/cms: built-in or NCANode) checks the CMS, the content, the chain to
 *     NCA RK's roots, the key usage for the purpose, the validity and the revocation answer;
 *  2. the signer's IIN (SERIALNUMBER=IIN…) must be the account's: every account carries its
 *     holder's IIN as an HMAC, so no admin registers certificates by hand;
 *  3. the registry (signer_certificate) keeps each certificate that signed, bound to the account
 *     that first used it: an admin can still revoke it there, and the audit names it;
 *  4. a signature on a document gets a trusted timestamp from the TSA (RFC 3161) unless it carries
 *     one, so it stays verifiable after the certificate expires;
 *  5. every check is recorded (eds_check) with the revocation answer and the verdict.
 *
 * Reasons are plain English for the log and the API's `detail`; the console words them by code.
 * They name certificates by serial, never the holder's IIN or name.
 */
import { randomUUID } from 'node:crypto';
import { sameIinHmac } from '../../auth/iin-hmac';
import type { X509Certificate } from 'node:crypto';
import type { PrismaClient, SignerCertificateModel } from '../prisma';
import { parseCertificate } from '../../eds/certificate';
import { loadCertificates } from '../../eds/cms/pki';
import { stampCms } from '../../eds/cms/timestamp';
import type {
  CmsPurpose,
  CmsRefusalCode,
  CmsTimestampInfo,
  CmsVerdict,
  CmsVerifier,
  RevocationCheck,
} from '../../eds/cms/types';
import type { SignerRoleName } from '../../eds/verify';
import { NCA_CHAIN_REGISTRAR } from '../../contracts/roles';

/** Refusals of this layer, beyond the verifier's. */
export type CmsSignatureRefusal =
  CmsRefusalCode | 'no-iin-bound' | 'certificate-revoked-here' | 'timestamp-unavailable';

export interface SigningAccount {
  id: string;
  role: string;
  /** The account's IIN as its HMAC (users.iin_hmac), null when none was entered. */
  iinHmac: string | null;
}

export interface CmsSignatureInput {
  /** Base64 of the CMS (what NCALayer hands over), or its DER. */
  cms: string | Buffer;
  /** The exact bytes that must have been signed (attached or detached). */
  content: Buffer;
  purpose: CmsPurpose;
  account: SigningAccount;
  /** A precinct member's typed IIN: the certificate must carry it too. */
  typedIin?: string;
  /** What the signature is for, as the check records it. */
  subject: { type: string; id: string };
  requestId?: string;
  /** Stamp the signature with the TSA (documents); sign-in challenges need none. */
  stamp?: boolean;
}

export type CmsSignatureOutcome =
  | {
      valid: true;
      /** The CMS as kept: with the TSA's token when it was stamped here. */
      cms: Buffer;
      certificate: SignerCertificateModel;
      verdict: Extract<CmsVerdict, { valid: true }>;
      timestamp?: CmsTimestampInfo;
      checkId: string;
    }
  | { valid: false; code: CmsSignatureRefusal; reason: string; checkId: string };

export interface CmsSignatureSettings {
  tsaUrl: string;
  tsaTrustDir: string;
  timeoutMs: number;
}

const SIGNER_ROLE: Record<string, SignerRoleName> = {
  ADMIN: 'ADMIN',
  // The CEC is itself a commission; its coordinators sign for it.
  CEC_COORDINATOR: 'COMMISSION',
  REGIONAL_COMMISSION: 'COMMISSION',
  DISTRICT_COMMISSION: 'COMMISSION',
  AKIMAT_REGISTRAR: 'AKIMAT',
  PRECINCT_MEMBER: 'PRECINCT_MEMBER',
  MIGRATION_OFFICER: 'MIGRATION_OFFICER',
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export class CmsSignatures {
  private tsaRoots: X509Certificate[] | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly verifier: CmsVerifier,
    private readonly settings: CmsSignatureSettings,
    /** The keyed hash of an IIN, as users.iin_hmac holds it. */
    private readonly iinHmac: (iin: string) => string,
  ) {}

  async accept(input: CmsSignatureInput): Promise<CmsSignatureOutcome> {
    const now = new Date();
    const cms = typeof input.cms === 'string' ? decode(input.cms) : input.cms;
    if (!cms) return this.refused(input, now, 'malformed-cms', 'The signature is not base64 of a CMS (PKCS#7)');
    const verdict = await this.verifier.verify({
      cms,
      content: input.content,
      expectedContent: input.content,
      purpose: input.purpose,
      expectedIin: input.typedIin,
      at: now,
    });
    if (!verdict.valid) return this.refused(input, now, verdict.code, verdict.reason, verdict.revocation);
    const known = {
      serial: verdict.certificate.serial,
      fingerprint: verdict.certificate.fingerprintSha256,
      issuer: verdict.certificate.issuer,
    };
    const refuse = (code: CmsSignatureRefusal, reason: string) =>
      this.refused(input, now, code, reason, verdict.revocation, known);

    if (!input.account.iinHmac)
      return refuse(
        'no-iin-bound',
        "This account has no IIN entered, so no certificate can be its holder's: ask an administrator to enter the official's IIN",
      );
    if (!sameIinHmac(this.iinHmac(verdict.signer.iin), input.account.iinHmac))
      return refuse(
        'wrong-iin',
        `The certificate (serial ${known.serial}) belongs to someone other than this account's holder (another IIN)`,
      );

    const certificate = await this.registered(verdict, input.account, now);
    if (certificate.revokedAt)
      return refuse(
        'certificate-revoked-here',
        `The certificate (serial ${known.serial}) was revoked in Tizim's registry on ${certificate.revokedAt.toISOString()}: it signs nothing more`,
      );

    let kept = cms;
    let stamp = verdict.timestamp;
    if (input.stamp) {
      try {
        const stamped = await stampCms(cms, {
          url: this.settings.tsaUrl,
          timeoutMs: this.settings.timeoutMs,
          roots: (this.tsaRoots ??= loadCertificates(this.settings.tsaTrustDir)),
        });
        kept = stamped.cms;
        stamp = stamped.info;
      } catch (e) {
        return refuse(
          'timestamp-unavailable',
          `The timestamp authority gave no usable timestamp (${(e as Error).message}); nothing was recorded: sign again in a few minutes`,
        );
      }
    }
    const checkId = await this.record(input, now, 'accepted', undefined, verdict.revocation, known);
    return { valid: true, cms: kept, certificate, verdict, timestamp: stamp, checkId };
  }

  /**
   * The registry's row for this certificate: the one kept, or a new one bound to the account (the
   * chain to NCA RK and the IIN stand in for an admin's registration).
   */
  private async registered(
    verdict: Extract<CmsVerdict, { valid: true }>,
    account: SigningAccount,
    now: Date,
  ): Promise<SignerCertificateModel> {
    const c = verdict.certificate;
    const found = await this.prisma.signerCertificate.findUnique({ where: { fingerprint: c.fingerprintSha256 } });
    if (found) return found;
    // Two first signatures of one certificate at once: one row wins, both read it.
    await this.prisma.signerCertificate.createMany({
      data: {
        id: randomUUID(),
        holder: account.id,
        holderName: verdict.signer.commonName,
        holderRole: SIGNER_ROLE[account.role] ?? 'COMMISSION',
        subject: c.subject,
        issuer: c.issuer,
        serial: c.serial,
        fingerprint: c.fingerprintSha256,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        publicKeyAlgorithm: parseCertificate(c.pem).publicKeyAlgorithm,
        pem: c.pem,
        registeredAt: now,
        registeredBy: NCA_CHAIN_REGISTRAR,
        registrationApprovedAt: now,
        registrationApprovedBy: NCA_CHAIN_REGISTRAR,
      },
      skipDuplicates: true,
    });
    return this.prisma.signerCertificate.findUniqueOrThrow({ where: { fingerprint: c.fingerprintSha256 } });
  }

  private async refused(
    input: CmsSignatureInput,
    now: Date,
    code: CmsSignatureRefusal,
    reason: string,
    revocation?: RevocationCheck,
    known?: { serial: string; fingerprint: string; issuer: string },
  ): Promise<CmsSignatureOutcome> {
    const checkId = await this.record(input, now, 'refused', code, revocation, known);
    return { valid: false, code, reason, checkId };
  }

  private async record(
    input: CmsSignatureInput,
    now: Date,
    outcome: 'accepted' | 'refused',
    code: CmsSignatureRefusal | undefined,
    revocation: RevocationCheck | undefined,
    known: { serial: string; fingerprint: string; issuer: string } | undefined,
  ): Promise<string> {
    const id = randomUUID();
    await this.prisma.edsCheck.create({
      data: {
        id,
        checkedAt: now,
        purpose: input.purpose,
        subjectType: input.subject.type,
        subjectId: input.subject.id,
        userId: input.account.id,
        certificateSerial: known?.serial ?? null,
        certificateFingerprint: known?.fingerprint ?? null,
        issuer: known?.issuer ?? null,
        revocationMethod: revocation?.method ?? null,
        revocationStatus: revocation?.status ?? null,
        responder: revocation?.responder ?? null,
        noAnswerPolicy: revocation?.policy ?? null,
        revokedAt: revocation?.revokedAt ?? null,
        outcome,
        refusalCode: code ?? null,
        requestId: input.requestId ?? null,
      },
    });
    return id;
  }
}

function decode(text: string): Buffer | null {
  const clean = text.replace(/\s+/g, '');
  if (!clean || !BASE64.test(clean) || clean.length % 4 === 1) return null;
  return Buffer.from(clean, 'base64');
}
