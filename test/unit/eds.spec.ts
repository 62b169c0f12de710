/**
 * libs/eds: certificates read with node:crypto, detached signatures verified per key family, and
 * every refusal (unknown, wrong holder or role, revoked, not yet valid, expired, GOST, wrong key,
 * tampered bytes, not base64). Certificates are self-signed by the openssl CLI in the test.
 */
import { X509Certificate } from 'node:crypto';
import {
  CertificateProblem,
  GOST_UNAVAILABLE,
  SignatureVerification,
  canonicalJson,
  parseCertificate,
  type CertificateLookup,
  type CertificateRecord,
  type SignerRoleName,
} from '../../libs/eds';
import { certificateRef } from '../../libs/db/eds/registry';
import { gostCertificatePem, signBytes, testSigner, type TestSigner } from '../support/certificates';

/** The registry in memory: the same lookup contract as the PostgreSQL one. */
class MemoryRegistry implements CertificateLookup {
  readonly rows = new Map<string, CertificateRecord>();

  add(
    pem: string,
    holder: string,
    holderRole: SignerRoleName,
    id = `00000000-0000-4000-8000-${String(this.rows.size + 1).padStart(12, '0')}`,
  ): CertificateRecord {
    const p = parseCertificate(pem);
    const row: CertificateRecord = {
      id,
      holder,
      holderName: `Name of ${holder}`,
      holderRole,
      subject: p.subject,
      issuer: p.issuer,
      serial: p.serial,
      fingerprint: p.fingerprint,
      notBefore: p.notBefore,
      notAfter: p.notAfter,
      publicKeyAlgorithm: p.publicKeyAlgorithm,
      pem: p.pem,
      revokedAt: null,
      revocationReason: null,
    };
    this.rows.set(id, row);
    return row;
  }

  async find(ref: string): Promise<CertificateRecord | null> {
    const key = certificateRef(ref);
    if (!key) return null;
    return (
      [...this.rows.values()].find((r) => ('id' in key ? r.id === key.id : r.fingerprint === key.fingerprint)) ?? null
    );
  }
}

const BYTES = Buffer.from(
  canonicalJson({ act: 'тест', number: '4701-1', files: [{ kind: 'voters', records: 240 }] }),
  'utf8',
);
const b64 = (b: Buffer) => b.toString('base64');

let rsa: TestSigner;
let pss: TestSigner;
let p256: TestSigner;
let p384: TestSigner;
let other: TestSigner;
let registry: MemoryRegistry;
let eds: SignatureVerification;
const ids: Record<string, CertificateRecord> = {};
let now: Date;

beforeAll(() => {
  rsa = testSigner('rsa', 'Әкімдік өкілі Иванов');
  pss = testSigner('rsa-pss', 'PSS holder');
  p256 = testSigner('p256', 'Комиссия P-256');
  p384 = testSigner('p384', 'Комиссия P-384');
  other = testSigner('rsa', 'Someone else');
  registry = new MemoryRegistry();
  ids.rsa = registry.add(rsa.pem, 'akimat-rep-1', 'AKIMAT');
  ids.pss = registry.add(pss.pem, 'akimat-rep-2', 'AKIMAT');
  ids.p256 = registry.add(p256.pem, 'commission-rep-1', 'COMMISSION');
  ids.p384 = registry.add(p384.pem, 'commission-rep-2', 'COMMISSION');
  ids.gost = registry.add(gostCertificatePem(), 'akimat-rep-3', 'AKIMAT');
  eds = new SignatureVerification(registry);
  now = new Date(Date.now() + 60_000);
});

describe('parseCertificate', () => {
  it('reads subject, issuer, serial, fingerprint, validity and key of RSA, RSA-PSS and ECDSA certificates', () => {
    const parsed = parseCertificate(rsa.pem);
    const x = new X509Certificate(rsa.pem);
    expect(parsed).toMatchObject({
      subject: 'CN=Әкімдік өкілі Иванов, O=Tizim test',
      issuer: 'CN=Әкімдік өкілі Иванов, O=Tizim test',
      serial: x.serialNumber.toUpperCase(),
      fingerprint: rsa.fingerprint,
      family: 'rsa',
      publicKeyAlgorithm: 'RSA 2048',
      notAfter: new Date(x.validTo),
    });
    expect(parsed.notAfter.getTime() - parsed.notBefore.getTime()).toBe(24 * 3600_000);
    expect(parseCertificate(pss.pem)).toMatchObject({ family: 'rsa', publicKeyAlgorithm: 'RSA-PSS 2048' });
    expect(parseCertificate(p256.pem)).toMatchObject({
      family: 'ecdsa',
      publicKeyAlgorithm: 'ECDSA P-256',
      curve: 'P-256',
    });
    expect(parseCertificate(p384.pem)).toMatchObject({
      family: 'ecdsa',
      publicKeyAlgorithm: 'ECDSA P-384',
      curve: 'P-384',
    });
  });

  it('recognises a GOST 34.10 key it cannot load, by the algorithm OID of the certificate', () => {
    expect(parseCertificate(gostCertificatePem())).toMatchObject({
      family: 'gost',
      publicKeyAlgorithm: 'GOST 34.10 (1.2.398.3.10.1.1.2.3)',
    });
    expect(parseCertificate(gostCertificatePem()).publicKey).toBeUndefined();
  });

  it('refuses what it cannot take, in plain words', () => {
    const problem = (pem: string) => {
      try {
        parseCertificate(pem);
        return 'accepted';
      } catch (err) {
        expect(err).toBeInstanceOf(CertificateProblem);
        return (err as Error).message;
      }
    };
    expect(problem('hello')).toMatch(/no PEM certificate/);
    expect(problem(rsa.pem + p256.pem)).toBe(
      "The text holds 2 certificates; register the signer's own certificate alone",
    );
    expect(problem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toBe(
      'The PEM block is not a readable X.509 certificate',
    );
    expect(problem(testSigner('rsa1024', 'short').pem)).toBe(
      "The certificate's RSA key has 1024 bits; at least 2048 are required",
    );
    expect(problem(testSigner('ed25519', 'edwards').pem)).toMatch(
      /key is ed25519; the server verifies RSA, ECDSA P-256\/P-384/,
    );
  });
});

describe('SignatureVerification', () => {
  it('accepts RSA PKCS#1 v1.5 and PSS, and ECDSA P-256 / P-384 in DER and IEEE P1363', async () => {
    const cases: [TestSigner, CertificateRecord, 'pkcs1' | 'pss' | 'der' | 'p1363', string][] = [
      [rsa, ids.rsa, 'pkcs1', 'RSASSA-PKCS1-v1_5 SHA-256'],
      [rsa, ids.rsa, 'pss', 'RSASSA-PSS SHA-256'],
      [pss, ids.pss, 'pss', 'RSASSA-PSS SHA-256'],
      [p256, ids.p256, 'der', 'ECDSA P-256 SHA-256 (DER)'],
      [p256, ids.p256, 'p1363', 'ECDSA P-256 SHA-256 (IEEE P1363)'],
      [p384, ids.p384, 'der', 'ECDSA P-384 SHA-384 (DER)'],
      [p384, ids.p384, 'p1363', 'ECDSA P-384 SHA-384 (IEEE P1363)'],
    ];
    for (const [signer, cert, scheme, name] of cases) {
      const verdict = await eds.verify(BYTES, b64(signBytes(signer, BYTES, scheme)), cert.id, now, {
        holder: cert.holder,
        role: cert.holderRole,
      });
      expect(verdict).toEqual({ valid: true, certificate: cert, scheme: name });
    }
  });

  it('finds the certificate by its SHA-256 fingerprint too, with or without colons', async () => {
    const signature = signBytes(p256, BYTES);
    expect((await eds.verify(BYTES, signature, p256.fingerprint, now)).valid).toBe(true);
    expect((await eds.verify(BYTES, signature, new X509Certificate(p256.pem).fingerprint256, now)).valid).toBe(true);
  });

  it('refuses tampered bytes and a signature made by another key', async () => {
    const tampered = Buffer.from(BYTES);
    tampered[tampered.length - 2] ^= 1;
    const refusal = await eds.verify(tampered, b64(signBytes(rsa, BYTES)), ids.rsa.id, now);
    expect(refusal).toMatchObject({ valid: false, code: 'bad-signature' });
    expect(!refusal.valid && refusal.reason).toMatch(
      /^The signature does not verify with the certificate: the bytes signed are not these, or another key made it \(Certificate [0-9a-f]{16}…/,
    );
    expect(await eds.verify(BYTES, b64(signBytes(other, BYTES)), ids.rsa.id, now)).toMatchObject({
      valid: false,
      code: 'bad-signature',
    });
    expect(await eds.verify(BYTES, b64(signBytes(p384, BYTES)), ids.p256.id, now)).toMatchObject({
      valid: false,
      code: 'bad-signature',
    });
    // An ECDSA signature of the right length that is not r‖s of this key.
    expect(await eds.verify(BYTES, Buffer.alloc(64, 7), ids.p256.id, now)).toMatchObject({
      valid: false,
      code: 'bad-signature',
    });
  });

  it('refuses a certificate outside its validity at the signing time', async () => {
    const signature = b64(signBytes(rsa, BYTES));
    const before = new Date(ids.rsa.notBefore.getTime() - 3600_000);
    const after = new Date(ids.rsa.notAfter.getTime() + 1000);
    const early = await eds.verify(BYTES, signature, ids.rsa.id, before);
    expect(early).toMatchObject({ valid: false, code: 'not-yet-valid' });
    expect(!early.valid && early.reason).toContain(
      `was not yet valid at the signing time ${before.toISOString()}: it is valid from ${ids.rsa.notBefore.toISOString()}`,
    );
    const late = await eds.verify(BYTES, signature, ids.rsa.id, after);
    expect(late).toMatchObject({ valid: false, code: 'expired' });
    expect(!late.valid && late.reason).toContain(`had expired at the signing time ${after.toISOString()}`);
    expect((await eds.verify(BYTES, signature, ids.rsa.id, ids.rsa.notAfter)).valid).toBe(true); // the last instant still counts
  });

  it('refuses a revoked certificate, whatever signing time is claimed', async () => {
    const signer = testSigner('p256', 'Revoked');
    const cert = registry.add(signer.pem, 'commission-rep-9', 'COMMISSION');
    const signature = b64(signBytes(signer, BYTES));
    expect((await eds.verify(BYTES, signature, cert.id, now)).valid).toBe(true);
    cert.revokedAt = new Date();
    cert.revocationReason = 'the token was lost';
    const refusal = await eds.verify(BYTES, signature, cert.id, cert.notBefore);
    expect(refusal).toMatchObject({ valid: false, code: 'revoked' });
    expect(!refusal.valid && refusal.reason).toMatch(
      /was revoked on .* \(the token was lost\); it signs nothing more$/,
    );
  });

  it('refuses a certificate of another holder or registered for another role', async () => {
    const signature = b64(signBytes(rsa, BYTES));
    const holder = await eds.verify(BYTES, signature, ids.rsa.id, now, { holder: 'akimat-rep-7' });
    expect(holder).toMatchObject({ valid: false, code: 'wrong-holder' });
    expect(!holder.valid && holder.reason).toMatch(/belongs to akimat-rep-1, not to akimat-rep-7, who must sign$/);
    const role = await eds.verify(BYTES, signature, ids.rsa.id, now, { holder: 'akimat-rep-1', role: 'COMMISSION' });
    expect(!role.valid && role.reason).toMatch(
      /is registered for an akimat's representative, not for a commission's representative$/,
    );
  });

  it('refuses an unknown certificate and a signature that is not base64', async () => {
    expect(await eds.verify(BYTES, 'AAAA', '00000000-0000-4000-8000-999999999999', now)).toEqual({
      valid: false,
      code: 'unknown-certificate',
      reason: 'No certificate 00000000-0000-4000-8000-999999999999 is registered',
    });
    expect(await eds.verify(BYTES, 'AAAA', 'not a reference', now)).toMatchObject({
      valid: false,
      code: 'unknown-certificate',
    });
    for (const bad of ['', 'not base64!', 'A']) {
      expect(await eds.verify(BYTES, bad, ids.rsa.id, now)).toEqual({
        valid: false,
        code: 'malformed-signature',
        reason: 'The signature must be the raw signature bytes in base64',
      });
    }
  });

  it('refuses every GOST 34.10 signature with a plain message: not implemented yet', async () => {
    expect(await eds.verify(BYTES, 'AAAA', ids.gost.id, now)).toEqual({
      valid: false,
      code: 'unavailable-algorithm',
      reason: GOST_UNAVAILABLE,
      certificate: ids.gost,
    });
    expect(GOST_UNAVAILABLE).toBe('GOST 34.10 signatures cannot be verified on this server yet');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, drops whitespace, keeps letters as UTF-8 and round-trips', () => {
    const value = { b: [3, { z: 'ә', a: null }], a: 'Қабылдау "акт"', c: true, ё: 1, A: -5 };
    const text = canonicalJson(value);
    expect(text).toBe('{"A":-5,"a":"Қабылдау \\"акт\\"","b":[3,{"a":null,"z":"ә"}],"c":true,"ё":1}');
    expect(JSON.parse(text)).toEqual(value);
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('refuses what has no single text: fractions, unsafe integers, undefined', () => {
    expect(() => canonicalJson({ a: 1.5 })).toThrow('$.a: canonical JSON takes safe integers only (got 1.5)');
    expect(() => canonicalJson([2 ** 60])).toThrow(/\$\[0\]: canonical JSON takes safe integers only/);
    expect(() => canonicalJson({ a: undefined } as never)).toThrow('$.a: undefined has no JSON form; use null');
  });
});
