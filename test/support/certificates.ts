/**
 * Signers for tests: a key pair made with node:crypto and a self-signed X.509 certificate made by
 * the openssl CLI (node:crypto cannot issue certificates), in a temporary folder removed at once.
 * Nothing is committed: each run makes its own.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate, constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestKeyKind = 'rsa' | 'rsa-pss' | 'p256' | 'p384' | 'ed25519' | 'rsa1024';

export interface TestSigner {
  kind: TestKeyKind;
  pem: string;
  privateKey: KeyObject;
  /** SHA-256 of the certificate's DER, lower-case hex (the registry's fingerprint). */
  fingerprint: string;
}

function keyPair(kind: TestKeyKind) {
  switch (kind) {
    case 'rsa':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'rsa1024':
      return generateKeyPairSync('rsa', { modulusLength: 1024 });
    case 'rsa-pss':
      return generateKeyPairSync('rsa-pss', {
        modulusLength: 2048,
        hashAlgorithm: 'sha256',
        mgf1HashAlgorithm: 'sha256',
      });
    case 'p256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'p384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'ed25519':
      return generateKeyPairSync('ed25519');
  }
}

/** A self-signed certificate valid from now for `days`, its subject CN `cn` (UTF-8). */
export function testSigner(kind: TestKeyKind, cn: string, days = 1): TestSigner {
  const { privateKey } = keyPair(kind);
  const dir = mkdtempSync(join(tmpdir(), 'tizim-eds-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const digest = kind === 'ed25519' ? [] : ['-sha256'];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        keyPath,
        '-out',
        certPath,
        '-days',
        String(days),
        '-utf8',
        '-subj',
        `/CN=${cn}/O=Tizim test`,
        ...digest,
      ],
      { stdio: 'pipe' },
    );
    const pem = readFileSync(certPath, 'utf8');
    return {
      kind,
      pem,
      privateKey,
      fingerprint: new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type TestScheme = 'pkcs1' | 'pss' | 'der' | 'p1363';

/** A detached signature over `bytes`: RSA PKCS#1 v1.5 or PSS with SHA-256; ECDSA DER or P1363 with the curve's hash. */
export function signBytes(signer: TestSigner, bytes: Uint8Array, scheme?: TestScheme): Buffer {
  const key = signer.privateKey;
  switch (signer.kind) {
    case 'rsa':
    case 'rsa1024':
      return sign('sha256', bytes, {
        key,
        padding: scheme === 'pss' ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING,
        saltLength: 32,
      });
    case 'rsa-pss':
      return sign('sha256', bytes, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    case 'p256':
    case 'p384':
      return sign(signer.kind === 'p256' ? 'sha256' : 'sha384', bytes, {
        key,
        dsaEncoding: scheme === 'p1363' ? 'ieee-p1363' : 'der',
      });
    case 'ed25519':
      return sign(null, bytes, key);
  }
}

/**
 * A certificate whose public key is declared GOST 34.10-2015: an RSA certificate with the OID of
 * its SubjectPublicKeyInfo algorithm replaced by 1.2.398.3.10.1.1.2.3 (Kazakhstan's GOST arc, the
 * same encoded length). Enough for the registry and the unavailable verifier, which never read the
 * key; OpenSSL (without GOST) cannot load it, like a real NCA certificate.
 */
export function gostCertificatePem(): string {
  const der = Buffer.from(new X509Certificate(testSigner('rsa', 'GOST holder').pem).raw);
  const rsaEncryption = Buffer.from('06092a864886f70d010101', 'hex');
  const at = der.indexOf(rsaEncryption);
  if (at < 0) throw new Error('no rsaEncryption OID in the test certificate');
  Buffer.from('06092a830e030a01010203', 'hex').copy(der, at);
  const body = der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trim();
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}
