/**
 * Reading a signer's X.509 certificate with node:crypto's X509Certificate: who it names, who issued
 * it, its serial, SHA-256 fingerprint, validity and public key. The key family decides which
 * SignatureVerifier checks its signatures (verifiers.ts).
 *
 * OpenSSL as Node ships it has no GOST: a certificate with a GOST 34.10 key parses, but its key
 * cannot be loaded. Its algorithm is then read from the certificate's SubjectPublicKeyInfo (a few
 * DER steps below), so such a certificate can be registered and its signatures refused by name.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';

export type KeyFamily = 'rsa' | 'ecdsa' | 'gost';

export interface ParsedCertificate {
  /** The subject's distinguished name as one line, e.g. "CN=Иванов Арман, O=Акимат района". */
  subject: string;
  issuer: string;
  /** Upper-case hex, as the certificate carries it. */
  serial: string;
  /** SHA-256 of the DER, lower-case hex without separators. */
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
  family: KeyFamily;
  /** e.g. "RSA 2048", "RSA-PSS 3072", "ECDSA P-256", "GOST 34.10-2015 (1.2.398.3.10.1.1.2.3.1)". */
  publicKeyAlgorithm: string;
  /** The key, for the families node:crypto can verify; none for GOST. */
  publicKey?: KeyObject;
  /** For ECDSA: 'P-256' or 'P-384'. */
  curve?: 'P-256' | 'P-384';
  /** The certificate as PEM, one certificate, normalised. */
  pem: string;
}

/** A certificate the registry cannot take, in plain words. */
export class CertificateProblem extends Error {
  override readonly name = 'CertificateProblem';
}

/** RSA keys shorter than this are refused (NIST SP 800-131A). */
export const MIN_RSA_BITS = 2048;

const CURVES: Record<string, 'P-256' | 'P-384'> = {
  prime256v1: 'P-256',
  'P-256': 'P-256',
  secp384r1: 'P-384',
  'P-384': 'P-384',
};

/**
 * GOST public-key algorithm arcs: Kazakhstan's (1.2.398.3.10.1.1: GOST 34.310-2004 and
 * GOST 34.10-2015, what the NCA issues) and Russia's GOST R 34.10-2001/2012 (1.2.643.2.2.19,
 * 1.2.643.7.1.1.1), which Kazakhstan's 34.10-2015 follows.
 */
const GOST_ARCS = ['1.2.398.3.10.1.1.', '1.2.643.2.2.19', '1.2.643.7.1.1.1.'];

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Node prints a distinguished name one attribute per line; the registry keeps it on one line. */
const oneLine = (dn: string): string =>
  dn
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(', ');

export function parseCertificate(pem: string): ParsedCertificate {
  const [block, ...more] = pem.match(PEM_BLOCK) ?? [];
  if (!block)
    throw new CertificateProblem(
      'The text holds no PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
    );
  if (more.length)
    throw new CertificateProblem(
      `The text holds ${more.length + 1} certificates; register the signer's own certificate alone`,
    );
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(block);
  } catch {
    throw new CertificateProblem('The PEM block is not a readable X.509 certificate');
  }
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime()))
    throw new CertificateProblem("The certificate's validity dates cannot be read");
  const base = {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serial: cert.serialNumber.toUpperCase(),
    fingerprint: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
    notBefore,
    notAfter,
    pem: cert.toString().trim() + '\n',
  };
  return { ...base, ...keyOf(cert) };
}

function keyOf(
  cert: X509Certificate,
): Pick<ParsedCertificate, 'family' | 'publicKeyAlgorithm' | 'publicKey' | 'curve'> {
  let key: KeyObject;
  try {
    key = cert.publicKey;
  } catch {
    const oid = publicKeyAlgorithmOid(cert.raw);
    if (oid && GOST_ARCS.some((arc) => oid.startsWith(arc) || oid === arc))
      return { family: 'gost', publicKeyAlgorithm: `GOST 34.10 (${oid})` };
    throw new CertificateProblem(
      `The certificate's public key (algorithm ${oid ?? 'unknown'}) is not one the server knows: RSA, ECDSA P-256/P-384 or GOST 34.10`,
    );
  }
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss': {
      const bits = details.modulusLength ?? 0;
      if (bits < MIN_RSA_BITS)
        throw new CertificateProblem(
          `The certificate's RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required`,
        );
      return {
        family: 'rsa',
        publicKeyAlgorithm: `${key.asymmetricKeyType === 'rsa' ? 'RSA' : 'RSA-PSS'} ${bits}`,
        publicKey: key,
      };
    }
    case 'ec': {
      const curve = CURVES[details.namedCurve ?? ''];
      if (!curve)
        throw new CertificateProblem(
          `The certificate's EC key is on the curve ${details.namedCurve ?? '(unnamed)'}; the server verifies ECDSA on P-256 and P-384`,
        );
      return { family: 'ecdsa', publicKeyAlgorithm: `ECDSA ${curve}`, publicKey: key, curve };
    }
    default:
      throw new CertificateProblem(
        `The certificate's key is ${key.asymmetricKeyType ?? 'of an unknown type'}; the server verifies RSA, ECDSA P-256/P-384 and (later) GOST 34.10 signatures`,
      );
  }
}

// ---- Just enough DER to read the public-key algorithm of a certificate OpenSSL cannot load.

interface Tlv {
  tag: number;
  start: number; // of the value
  end: number;
}

function tlv(der: Buffer, at: number): Tlv {
  const tag = der[at];
  let length = der[at + 1];
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new RangeError('unsupported DER length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[start + i];
    start += n;
  }
  if (start + length > der.length) throw new RangeError('DER runs past its end');
  return { tag, start, end: start + length };
}

function oidText(der: Buffer, t: Tlv): string {
  const bytes = der.subarray(t.start, t.end);
  const arcs: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  const first = arcs.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs].join('.');
}

/** The OID of SubjectPublicKeyInfo.algorithm, or null when the DER is not shaped as expected. */
export function publicKeyAlgorithmOid(der: Buffer): string | null {
  try {
    const certificate = tlv(der, 0);
    const tbs = tlv(der, certificate.start);
    let at = tbs.start;
    let field = tlv(der, at);
    if (field.tag === 0xa0) field = tlv(der, (at = field.end)); // version [0]
    // serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo
    for (let i = 0; i < 5; i++) field = tlv(der, (at = field.end));
    const spki = field;
    const algorithm = tlv(der, spki.start);
    const oid = tlv(der, algorithm.start);
    return oid.tag === 0x06 ? oidText(der, oid) : null;
  } catch {
    return null;
  }
}
