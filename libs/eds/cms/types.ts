/**
 * The contract of CMS verification (issue 27, section 2): one interface, two implementations (the
 * built-in one, RSA and ECDSA with pkijs; the NCANode adapter, for GOST), chosen by a setting.
 */
export type CmsPurpose = 'sign-in' | 'signing';

export interface CmsRequest {
  /** CMS ContentInfo with SignedData (RFC 5652 §3, §5), DER or its base64 text. */
  cms: Buffer | string;
  /** The content of a detached CMS (RFC 5652 §5.2: eContent absent). */
  content?: Buffer;
  /** The exact bytes that must have been signed: the challenge, or the act's canonical bytes. */
  expectedContent: Buffer;
  purpose: CmsPurpose;
  /** The IIN the signer must have (a precinct member's typed IIN, an official's account). */
  expectedIin?: string;
  /** The moment to judge validity at when no timestamp is present; now by default. */
  at?: Date;
}

export interface CmsSigner {
  iin: string;
  surname: string;
  givenName: string;
  /** NCA writes the patronymic in G (givenName); kept under both names, as NCA means it. */
  patronymic: string;
  commonName: string;
  organisation?: string;
  bin?: string;
  /** NCA role OIDs found in the extended key usage or the certificate policies, by name. */
  roles: string[];
}

export interface CmsCertificateInfo {
  serial: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  fingerprintSha256: string;
  pem: string;
}

export interface CmsTimestampInfo {
  time: Date;
  tsaName: string;
  serial: string;
}

export type RevocationMethod = 'ocsp' | 'crl' | 'none';
export type RevocationStatus = 'good' | 'revoked' | 'unknown' | 'unreachable';
export type NoAnswerPolicy = 'refuse' | 'accept';

/** Every revocation check, so the caller can record it (issue 27: "each check is recorded"). */
export interface RevocationCheck {
  method: RevocationMethod;
  status: RevocationStatus;
  checkedAt: Date;
  /** The address asked (no personal data in it). */
  responder: string;
  policy: NoAnswerPolicy;
  /** Set when revoked. */
  revokedAt?: Date;
}

export type CmsRefusalCode =
  | 'malformed-cms'
  | 'signer-count'
  | 'content-mismatch'
  | 'bad-signature'
  | 'unsupported-algorithm'
  | 'unknown-issuer'
  | 'untrusted-root'
  | 'not-yet-valid'
  | 'expired'
  | 'wrong-key-usage'
  | 'not-nca-holder'
  | 'wrong-iin'
  | 'revoked'
  | 'revocation-unknown'
  | 'revocation-unreachable'
  | 'bad-timestamp'
  | 'verifier-unavailable';

export type CmsVerdict =
  | {
      valid: true;
      signer: CmsSigner;
      certificate: CmsCertificateInfo;
      signingTime?: Date;
      timestamp?: CmsTimestampInfo;
      revocation: RevocationCheck;
    }
  | { valid: false; code: CmsRefusalCode; reason: string; revocation?: RevocationCheck };

export interface CmsVerifier {
  verify(request: CmsRequest): Promise<CmsVerdict>;
}

/** Reasons may name an IIN only masked: the last four digits. */
export const maskIin = (iin: string): string => (iin.length > 4 ? `********${iin.slice(-4)}` : '****');
