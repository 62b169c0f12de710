/**
 * The built-in CMS verifier (RSA PKCS#1 v1.5 and ECDSA, SHA-256 and up, by pkijs over node's
 * WebCrypto). A signature is accepted only when, in this order:
 *  1. the CMS is a SignedData (RFC 5652 §5) with exactly one signer;
 *  2. the content signed is exactly the expected bytes (attached: eContent; detached: the content
 *     given), and the signature verifies over them (with signed attributes: messageDigest and
 *     contentType checked, the signature over the attributes, RFC 5652 §5.4 and §11);
 *  3. a timestamp, when present, covers the signature and comes from a trusted TSA (RFC 3161);
 *     its time is then the time the certificate is judged at, otherwise `at` or now;
 *  4. the signer's certificate is valid at that time and chains to a trusted root (RFC 5280 §6);
 *  5. it has the extended key usage of the purpose: clientAuth to sign in, emailProtection to sign;
 *  6. the holder is NCA-shaped (SERIALNUMBER=IIN…) and is the expected IIN;
 *  7. it is not revoked (OCSP, then CRL; when neither answers, the policy decides).
 * Each refusal has a code and a reason in plain words; an IIN is named only masked.
 */
import { X509Certificate, createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CertificateProblem, parseCertificate } from '../certificate';
import { buildPath } from './chain';
import { readHolder } from './holder';
import { HASHES, derOf, engine, loadCertificates, octets, x509Of } from './pki';
import { checkRevocation } from './revocation';
import type { CmsSettings } from './settings';
import { SIGNATURE_TIMESTAMP_TOKEN, checkTimestampToken } from './timestamp';
import {
  maskIin,
  type CmsPurpose,
  type CmsRefusalCode,
  type CmsRequest,
  type CmsTimestampInfo,
  type CmsVerdict,
  type CmsVerifier,
} from './types';

/** The extended key usage each purpose needs (NCA issues separate AUTH and signing certificates). */
export const PURPOSE_EKU: Record<CmsPurpose, { oid: string; words: string }> = {
  'sign-in': { oid: '1.3.6.1.5.5.7.3.2', words: 'an authentication (AUTH) certificate, to sign in' },
  signing: { oid: '1.3.6.1.5.5.7.3.4', words: 'a signing certificate, to sign documents' },
};

const CONTENT_TYPE = '1.2.840.113549.1.9.3';
const SIGNING_TIME = '1.2.840.113549.1.9.5';
const SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';

/**
 * Whether the ESS signing-certificate attribute, when signed in, names `cert` (RFC 5035 §3: the
 * first ESSCertID is the signer's). SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF
 * ESSCertIDv2 { hashAlgorithm DEFAULT sha256, certHash, … } }; v1 has SHA-1 and no algorithm.
 * Without the attribute, the signature binds the key only (CAdES-BES asks for it; CMS does not).
 */
function namesSigner(attrs: pkijs.SignedAndUnsignedAttributes | undefined, cert: pkijs.Certificate): boolean {
  const attr = attrs?.attributes.find((a) => a.type === SIGNING_CERTIFICATE_V2 || a.type === SIGNING_CERTIFICATE);
  if (!attr) return true;
  try {
    const certs = (attr.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    const withAlgorithm = first[0] instanceof asn1js.Sequence;
    const algorithm = withAlgorithm
      ? new pkijs.AlgorithmIdentifier({ schema: first[0] }).algorithmId
      : attr.type === SIGNING_CERTIFICATE_V2
        ? '2.16.840.1.101.3.4.2.1'
        : 'sha1';
    const hash = algorithm === 'sha1' ? 'sha1' : HASHES[algorithm];
    const named = first[withAlgorithm ? 1 : 0] as asn1js.OctetString;
    if (!hash || !(named instanceof asn1js.OctetString)) return false;
    return createHash(hash).update(derOf(cert)).digest().equals(Buffer.from(named.valueBlock.valueHexView));
  } catch {
    return false;
  }
}

const refuse = (code: CmsRefusalCode, reason: string): CmsVerdict => ({ valid: false, code, reason });

/** DER, or the base64 text of it (what NCALayer hands the console). */
function cmsBytes(cms: Buffer | string): Buffer {
  const text = typeof cms === 'string' ? cms : cms[0] === 0x30 ? null : cms.toString('latin1');
  if (text === null) return cms as Buffer;
  return Buffer.from(text.replace(/-----[A-Z0-9 ]+-----|\s/g, ''), 'base64');
}

export type BuiltinSettings = Pick<
  CmsSettings,
  'trustDir' | 'tsaTrustDir' | 'ocspUrl' | 'crlUrl' | 'timeoutMs' | 'noAnswer'
>;

export class BuiltinCmsVerifier implements CmsVerifier {
  private readonly trusted: X509Certificate[];
  private readonly tsaRoots: X509Certificate[];

  constructor(private readonly settings: BuiltinSettings) {
    // The trust folder holds roots and intermediates alike: both are trusted issuers here.
    this.trusted = loadCertificates(settings.trustDir);
    this.tsaRoots = loadCertificates(settings.tsaTrustDir);
  }

  async verify(request: CmsRequest): Promise<CmsVerdict> {
    // A server with no NCA certificates to trust could only say "unknown issuer" to everyone: the
    // fault is the deployment's, and the words say whose.
    if (!this.trusted.length)
      return refuse(
        'verifier-unavailable',
        `No trusted NCA RK certificates are configured: the folder ${this.settings.trustDir} (TIZIM_EDS_TRUST_DIR) holds none; an administrator must copy NCA's root and intermediate certificates there`,
      );
    // 1. The envelope.
    let signed: pkijs.SignedData;
    try {
      const info = pkijs.ContentInfo.fromBER(cmsBytes(request.cms));
      if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error('not SignedData');
      signed = new pkijs.SignedData({ schema: info.content });
    } catch {
      return refuse('malformed-cms', 'The signature is not a readable CMS (PKCS#7) SignedData');
    }
    if (signed.signerInfos.length !== 1)
      return refuse(
        'signer-count',
        `The CMS carries ${signed.signerInfos.length} signatures; exactly one signer is accepted`,
      );
    const signer = signed.signerInfos[0]!;

    // 2. The content, then the signature over it.
    const eContent = signed.encapContentInfo.eContent;
    const content = eContent ? octets(eContent) : request.content;
    if (!content) return refuse('content-mismatch', 'The CMS is detached and no signed content was given with it');
    if (!content.equals(request.expectedContent))
      return refuse(
        'content-mismatch',
        'The CMS signs other bytes than the ones expected (another challenge or document)',
      );
    let signerCert: pkijs.Certificate;
    try {
      const result = await signed.verify(
        {
          signer: 0,
          checkChain: false,
          extendedMode: true,
          ...(eContent
            ? {}
            : { data: content.buffer.slice(content.byteOffset, content.byteOffset + content.length) as ArrayBuffer }),
        },
        engine,
      );
      if (!result.signatureVerified || !result.signerCertificate) throw new Error(result.message);
      signerCert = result.signerCertificate;
    } catch (e) {
      const message = (e as { message?: string }).message ?? '';
      if (/certificate/i.test(message) && /not found|unable to find/i.test(message))
        return refuse('malformed-cms', "The CMS does not carry the signer's certificate");
      return refuse(
        'bad-signature',
        'The signature does not verify: the signed bytes were changed, or another key made it',
      );
    }
    if (!namesSigner(signer.signedAttrs, signerCert))
      return refuse(
        'bad-signature',
        'The signed signing-certificate attribute names another certificate than the one the CMS carries (RFC 5035)',
      );
    const contentType = signer.signedAttrs?.attributes.find((a) => a.type === CONTENT_TYPE);
    if (contentType) {
      const value = contentType.values[0] as asn1js.ObjectIdentifier | undefined;
      if (value?.valueBlock.toString() !== signed.encapContentInfo.eContentType)
        return refuse('bad-signature', 'The signed contentType attribute does not match the content (RFC 5652 §11.1)');
    }
    const signingTimeAttr = signer.signedAttrs?.attributes.find((a) => a.type === SIGNING_TIME);
    const signingTime = (signingTimeAttr?.values[0] as asn1js.UTCTime | undefined)?.toDate?.();

    let leaf: X509Certificate;
    let certificate;
    try {
      leaf = x509Of(signerCert);
      const parsed = parseCertificate(leaf.toString());
      certificate = {
        serial: parsed.serial,
        subject: parsed.subject,
        issuer: parsed.issuer,
        notBefore: parsed.notBefore,
        notAfter: parsed.notAfter,
        fingerprintSha256: parsed.fingerprint,
        pem: parsed.pem,
      };
    } catch (e) {
      return refuse(
        'unsupported-algorithm',
        e instanceof CertificateProblem ? e.message : "The signer's certificate cannot be read",
      );
    }

    // 3. The timestamp over the signature value.
    let timestamp: CmsTimestampInfo | undefined;
    const token = signer.unsignedAttrs?.attributes.find((a) => a.type === SIGNATURE_TIMESTAMP_TOKEN);
    if (token) {
      const outcome = await checkTimestampToken(
        token.values[0] as asn1js.AsnType,
        Buffer.from(signer.signature.valueBlock.valueHexView),
        this.tsaRoots,
      );
      if (!outcome.ok) return refuse('bad-timestamp', outcome.reason);
      timestamp = outcome.info;
    }
    const at = timestamp?.time ?? request.at ?? new Date();
    const name = `The certificate (serial ${certificate.serial})`;

    // 4. Validity, then the path.
    if (at < certificate.notBefore)
      return refuse(
        'not-yet-valid',
        `${name} was not yet valid at ${at.toISOString()}: it is valid from ${certificate.notBefore.toISOString()}`,
      );
    if (at > certificate.notAfter)
      return refuse(
        'expired',
        `${name} had expired at ${at.toISOString()}: it was valid until ${certificate.notAfter.toISOString()}`,
      );
    const pool = (signed.certificates ?? []).filter((c) => c instanceof pkijs.Certificate).map((c) => x509Of(c));
    const path = buildPath(leaf, pool, this.trusted, at);
    if (!path.ok) return refuse(path.code, path.reason);

    // 5. The key usage for the purpose.
    const need = PURPOSE_EKU[request.purpose];
    if (!(leaf.keyUsage ?? []).includes(need.oid)) return refuse('wrong-key-usage', `${name} is not ${need.words}`);

    // 6. The holder.
    const holder = readHolder(signerCert);
    if (!holder)
      return refuse('not-nca-holder', `${name} names no IIN as NCA writes it (SERIALNUMBER=IIN and 12 digits)`);
    if (request.expectedIin !== undefined && holder.iin !== request.expectedIin)
      return refuse(
        'wrong-iin',
        `${name} belongs to IIN ${maskIin(holder.iin)}, not to IIN ${maskIin(request.expectedIin)}, who must sign`,
      );

    // 7. Revocation, now (RFC 6960; RFC 5280 §5 as the fallback).
    const revocation = await checkRevocation(leaf, path.path[1]!, this.trusted, this.settings);
    const said = `(${revocation.method.toUpperCase()} at ${revocation.responder})`;
    if (revocation.status === 'revoked') {
      const when = revocation.revokedAt ? ` on ${revocation.revokedAt.toISOString()}` : '';
      return { valid: false, code: 'revoked', reason: `${name} was revoked${when} ${said}`, revocation };
    }
    if (revocation.status === 'unknown')
      return {
        valid: false,
        code: 'revocation-unknown',
        reason: `The revocation service neither confirms nor denies that ${name.toLowerCase()} is in force ${said}`,
        revocation,
      };
    if (revocation.status === 'unreachable' && revocation.policy === 'refuse')
      return {
        valid: false,
        code: 'revocation-unreachable',
        reason: `No revocation service answered (${revocation.responder}); by the policy, the signature is refused`,
        revocation,
      };

    return {
      valid: true,
      signer: holder,
      certificate,
      ...(signingTime ? { signingTime } : {}),
      ...(timestamp ? { timestamp } : {}),
      revocation,
    };
  }
}
