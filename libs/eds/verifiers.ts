/**
 * Detached-signature verification per key family, behind one interface. A signature is the raw
 * signature bytes over the exact bytes signed (no CMS/PKCS#7 envelope: node:crypto cannot read one
 * without a new dependency):
 *
 *  - RSA: RSASSA-PKCS1-v1_5 or RSASSA-PSS (MGF1, any salt length), SHA-256. Both are tried: a
 *    signature valid under one scheme cannot pass under the other, so the signer need not say which.
 *    A certificate whose key is RSA-PSS-only takes PSS only.
 *  - ECDSA: P-256 with SHA-256, P-384 with SHA-384 (as ES256/ES384), the signature DER-encoded
 *    (what OpenSSL and most tokens give) or IEEE P1363 (r‖s, what WebCrypto gives).
 *  - GOST 34.10-2015 (Kazakhstan's NCA): registered, not available. It refuses every signature with
 *    a plain message until a GOST implementation is added behind this interface.
 */
import { constants, verify as cryptoVerify } from 'node:crypto';
import type { KeyFamily, ParsedCertificate } from './certificate';

export type VerifierOutcome = { ok: true; scheme: string } | { ok: false; reason: string };

export interface SignatureVerifier {
  readonly family: KeyFamily;
  /** False for a family the server recognises but cannot verify yet. */
  readonly available: boolean;
  verify(bytes: Uint8Array, signature: Uint8Array, certificate: ParsedCertificate): VerifierOutcome;
}

const DOES_NOT_VERIFY =
  'The signature does not verify with the certificate: the bytes signed are not these, or another key made it';

/** node:crypto's verify, with a malformed signature counted as not verifying. */
function verifies(
  algorithm: string,
  bytes: Uint8Array,
  key: Parameters<typeof cryptoVerify>[2],
  signature: Uint8Array,
): boolean {
  try {
    return cryptoVerify(algorithm, bytes, key, signature);
  } catch {
    return false;
  }
}

export const rsaVerifier: SignatureVerifier = {
  family: 'rsa',
  available: true,
  verify(bytes, signature, certificate) {
    const key = certificate.publicKey;
    if (!key) return { ok: false, reason: 'The certificate carries no RSA key' };
    if (
      key.asymmetricKeyType === 'rsa' &&
      verifies('sha256', bytes, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
    ) {
      return { ok: true, scheme: 'RSASSA-PKCS1-v1_5 SHA-256' };
    }
    // A plain RSA key: PSS with the salt length read from the signature. An RSA-PSS key carries its
    // own parameters (OpenSSL refuses "auto" against them): verify under those.
    const pss =
      key.asymmetricKeyType === 'rsa'
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
        : { key };
    if (verifies('sha256', bytes, pss, signature)) return { ok: true, scheme: 'RSASSA-PSS SHA-256' };
    return { ok: false, reason: DOES_NOT_VERIFY };
  },
};

const EC_HASH = { 'P-256': 'sha256', 'P-384': 'sha384' } as const;
const EC_FIELD_BYTES = { 'P-256': 32, 'P-384': 48 } as const;

export const ecdsaVerifier: SignatureVerifier = {
  family: 'ecdsa',
  available: true,
  verify(bytes, signature, certificate) {
    const { publicKey: key, curve } = certificate;
    if (!key || !curve) return { ok: false, reason: 'The certificate carries no ECDSA key' };
    const hash = EC_HASH[curve];
    const name = `ECDSA ${curve} ${hash.toUpperCase().replace('SHA', 'SHA-')}`;
    // r‖s is exactly twice the field size; a DER signature starts with a SEQUENCE tag.
    const order: ('ieee-p1363' | 'der')[] =
      signature.length === 2 * EC_FIELD_BYTES[curve] ? ['ieee-p1363', 'der'] : ['der', 'ieee-p1363'];
    for (const dsaEncoding of order) {
      if (verifies(hash, bytes, { key, dsaEncoding }, signature))
        return { ok: true, scheme: `${name} (${dsaEncoding === 'der' ? 'DER' : 'IEEE P1363'})` };
    }
    return { ok: false, reason: DOES_NOT_VERIFY };
  },
};

export const GOST_UNAVAILABLE = 'GOST 34.10 signatures cannot be verified on this server yet';

/** Kazakhstan's NCA issues GOST 34.10-2015 keys; node:crypto has no GOST. Registered so it refuses by name. */
export const gostVerifier: SignatureVerifier = {
  family: 'gost',
  available: false,
  verify() {
    return { ok: false, reason: GOST_UNAVAILABLE };
  },
};

export const DEFAULT_VERIFIERS: Readonly<Record<KeyFamily, SignatureVerifier>> = {
  rsa: rsaVerifier,
  ecdsa: ecdsaVerifier,
  gost: gostVerifier,
};
