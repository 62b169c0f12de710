/**
 * The NCANode adapter: verification delegated to an NCANode server (the open-source verification
 * server Kazakh systems run, MIT, built on NCA's Kalkan library, so it knows GOST 34.310-2004 and
 * GOST 34.10-2015 keys). Chosen by TIZIM_EDS_VERIFIER=ncanode.
 *
 * Contract used (NCANode 3, `POST {baseUrl}/cms/verify`): request JSON
 *   { cms: base64, data?: base64 (detached content), revocationCheck: ['OCSP', 'CRL'] }
 * answer JSON, as read from NCANode's documentation and clients (an assumption where they are
 * silent; the fields below are all the adapter reads):
 *   { valid: boolean, signers: [ { certificates: [ {          // the signer's certificate first
 *       valid, notBefore, notAfter, serialNumber, keyUsage: 'AUTH' | 'SIGN', keyUser: string[],
 *       subject: { commonName, lastName, surName, iin, bin?, organization?, dn },
 *       issuer: { commonName, dn },
 *       revocations: [ { revoked, by: 'OCSP' | 'CRL', revocationTime, reason } ],
 *       certificate? | pem? (base64 DER or PEM) } ],
 *     tsp?: { genTime, serialNumber, tsa? }, signingTime? } ] }
 * NCANode's `surName` is the patronymic (from G) and `lastName` the surname.
 * The checks NCANode does not know about are done here first: one signer, the exact content.
 */
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { octets } from './pki';
import { PURPOSE_EKU } from './builtin';
import {
  maskIin,
  type CmsRequest,
  type CmsSigner,
  type CmsVerdict,
  type CmsVerifier,
  type RevocationCheck,
} from './types';

export interface NcaNodeCertificate {
  valid?: boolean;
  notBefore?: string;
  notAfter?: string;
  serialNumber?: string;
  keyUsage?: string;
  keyUser?: string[];
  subject?: Record<string, string | null | undefined>;
  issuer?: Record<string, string | null | undefined>;
  revocations?: { revoked?: boolean; by?: string; revocationTime?: string | null; reason?: string | null }[];
  certificate?: string;
  pem?: string;
}

export interface NcaNodeAnswer {
  valid?: boolean;
  message?: string;
  signers?: {
    certificates?: NcaNodeCertificate[];
    tsp?: { genTime?: string; serialNumber?: string; tsa?: string } | null;
    signingTime?: string | null;
  }[];
}

/** NCANode's keyUser names for NCA's role OIDs (1.2.398.3.3.4.1.x). */
const ROLES: Record<string, string> = {
  INDIVIDUAL: 'individual',
  ORGANIZATION: 'organisation',
  CEO: 'head',
  CAN_SIGN: 'may-sign',
  EMPLOYEE: 'employee',
};

const KEY_USAGE = { 'sign-in': 'AUTH', signing: 'SIGN' } as const;

export class NcaNodeCmsVerifier implements CmsVerifier {
  constructor(private readonly settings: { ncanodeUrl: string; timeoutMs: number; noAnswer: 'refuse' | 'accept' }) {}

  async verify(request: CmsRequest): Promise<CmsVerdict> {
    const der = typeof request.cms === 'string' ? Buffer.from(request.cms, 'base64') : request.cms;
    let detached: boolean;
    try {
      const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(der).content });
      if (signed.signerInfos.length !== 1)
        return {
          valid: false,
          code: 'signer-count',
          reason: `The CMS carries ${signed.signerInfos.length} signatures; exactly one signer is accepted`,
        };
      const eContent = signed.encapContentInfo.eContent;
      detached = !eContent;
      const content = eContent ? octets(eContent) : request.content;
      if (!content || !content.equals(request.expectedContent))
        return { valid: false, code: 'content-mismatch', reason: 'The CMS signs other bytes than the ones expected' };
    } catch {
      return { valid: false, code: 'malformed-cms', reason: 'The signature is not a readable CMS (PKCS#7) SignedData' };
    }

    let answer: NcaNodeAnswer;
    try {
      const res = await fetch(`${this.settings.ncanodeUrl.replace(/\/$/, '')}/cms/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          cms: der.toString('base64'),
          ...(detached ? { data: request.expectedContent.toString('base64') } : {}),
          revocationCheck: ['OCSP', 'CRL'],
        }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      if (res.status >= 400 && res.status < 500)
        return { valid: false, code: 'malformed-cms', reason: `NCANode could not read the CMS (HTTP ${res.status})` };
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      answer = (await res.json()) as NcaNodeAnswer;
    } catch {
      return { valid: false, code: 'verifier-unavailable', reason: 'NCANode, the verification server, did not answer' };
    }
    return this.map(answer, request);
  }

  private map(answer: NcaNodeAnswer, request: CmsRequest): CmsVerdict {
    const signer = answer.signers?.[0];
    const cert = signer?.certificates?.[0];
    if (!signer || !cert)
      return { valid: false, code: 'bad-signature', reason: 'NCANode found no valid signer in the CMS' };
    const name = `The certificate (serial ${cert.serialNumber ?? 'unknown'})`;
    const at = request.at ?? new Date();
    const rev = cert.revocations?.find((r) => r.revoked) ?? cert.revocations?.[0];
    const revocation: RevocationCheck = {
      method: rev?.by === 'CRL' ? 'crl' : rev ? 'ocsp' : 'none',
      status: rev ? (rev.revoked ? 'revoked' : 'good') : 'unreachable',
      checkedAt: new Date(),
      responder: `NCANode at ${this.settings.ncanodeUrl}`,
      policy: this.settings.noAnswer,
      ...(rev?.revoked && rev.revocationTime ? { revokedAt: new Date(rev.revocationTime) } : {}),
    };
    if (revocation.status === 'revoked')
      return { valid: false, code: 'revoked', reason: `${name} was revoked (${rev?.by ?? 'NCANode'})`, revocation };
    if (!answer.valid || cert.valid === false) {
      if (cert.notAfter && new Date(cert.notAfter) < at)
        return { valid: false, code: 'expired', reason: `${name} had expired: it was valid until ${cert.notAfter}` };
      if (cert.notBefore && new Date(cert.notBefore) > at)
        return {
          valid: false,
          code: 'not-yet-valid',
          reason: `${name} was not yet valid: it is valid from ${cert.notBefore}`,
        };
      if (cert.valid === false)
        return {
          valid: false,
          code: 'untrusted-root',
          reason: `NCANode does not trust ${name.toLowerCase()} or its chain`,
        };
      return { valid: false, code: 'bad-signature', reason: 'NCANode says the signature does not verify' };
    }
    if (cert.keyUsage !== KEY_USAGE[request.purpose])
      return { valid: false, code: 'wrong-key-usage', reason: `${name} is not ${PURPOSE_EKU[request.purpose].words}` };
    const s = cert.subject ?? {};
    const iin = s.iin ?? '';
    if (!/^\d{12}$/.test(iin))
      return { valid: false, code: 'not-nca-holder', reason: `${name} names no IIN as NCA writes it` };
    if (request.expectedIin !== undefined && iin !== request.expectedIin)
      return {
        valid: false,
        code: 'wrong-iin',
        reason: `${name} belongs to IIN ${maskIin(iin)}, not to IIN ${maskIin(request.expectedIin)}, who must sign`,
      };
    if (revocation.status === 'unreachable' && revocation.policy === 'refuse')
      return {
        valid: false,
        code: 'revocation-unreachable',
        reason: 'NCANode reported no revocation check; by the policy, the signature is refused',
        revocation,
      };
    const holder: CmsSigner = {
      iin,
      surname: s.lastName ?? '',
      givenName: s.surName ?? '',
      patronymic: s.surName ?? '',
      commonName: s.commonName ?? '',
      ...(s.organization ? { organisation: s.organization } : {}),
      ...(s.bin ? { bin: s.bin } : {}),
      roles: (cert.keyUser ?? []).map((k) => ROLES[k]).filter((r): r is string => Boolean(r)),
    };
    const pemText = cert.pem ?? cert.certificate;
    let pem = '';
    let fingerprintSha256 = '';
    if (pemText) {
      try {
        const x = new X509Certificate(pemText.includes('BEGIN') ? pemText : Buffer.from(pemText, 'base64'));
        pem = x.toString();
        fingerprintSha256 = x.fingerprint256.replace(/:/g, '').toLowerCase();
      } catch {
        // NCANode's certificate field is optional to this adapter: without it, no PEM is kept.
      }
    }
    return {
      valid: true,
      signer: holder,
      certificate: {
        serial: (cert.serialNumber ?? '').toUpperCase(),
        subject: s.dn ?? '',
        issuer: cert.issuer?.dn ?? '',
        notBefore: new Date(cert.notBefore ?? 0),
        notAfter: new Date(cert.notAfter ?? 0),
        fingerprintSha256,
        pem,
      },
      ...(signer.signingTime ? { signingTime: new Date(signer.signingTime) } : {}),
      ...(signer.tsp?.genTime
        ? {
            timestamp: {
              time: new Date(signer.tsp.genTime),
              tsaName: signer.tsp.tsa ?? '',
              serial: signer.tsp.serialNumber ?? '',
            },
          }
        : {}),
      revocation,
    };
  }
}
