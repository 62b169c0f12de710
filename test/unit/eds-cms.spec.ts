/**
 * libs/eds/cms: CMS signatures as NCALayer makes them, verified against a local test CA shaped
 * like NCA RK's (test/support/nca-test-ca.ts), a local `openssl ocsp` responder and a TSA
 * stand-in. One test per bad case of issue 27, section 3, and the good cases.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import * as pkijs from 'pkijs';
import {
  BuiltinCmsVerifier,
  attachTimestamp,
  cmsSettingsFromEnv,
  loadCertificates,
  timestamp,
  type CmsRequest,
  type CmsVerdict,
  type NoAnswerPolicy,
} from '../../libs/eds/cms';
import {
  AUTH_EKU,
  NcaTestCa,
  OcspResponder,
  ROLE_EMPLOYEE,
  ROLE_INDIVIDUAL,
  SIGN_EKU,
  body,
  closeServer,
  daysFromNow,
  freePort,
  listen,
  tsaStandIn,
  type Holder,
  TEST_IIN,
  testSigner,
} from '../support/nca-test-ca';

const IIN = TEST_IIN;
const OTHER_IIN = '850505400456';
const CHALLENGE = Buffer.from('tizim sign-in challenge 7f3a…');
const ACT = Buffer.from('{"act":"transfer","precinct":"123","rows":42}');

let ca: NcaTestCa;
let ocsp: OcspResponder;
let tsa: { url: string; server: Server };
let silent: { url: string; server: Server };
let auth: Holder;
let signing: Holder;
let expired: Holder;
let notYet: Holder;
let revoked: Holder;
let stranger: Holder;
let signingRsa: Holder;
let twin: Holder;

const base = () => ({
  trustDir: ca.trustDir,
  tsaTrustDir: ca.tsaTrustDir,
  timeoutMs: 3000,
  noAnswer: 'refuse' as NoAnswerPolicy,
});
const verifier = (extra: Partial<ReturnType<typeof base>> & { ocspUrl?: string; crlUrl?: string } = {}) =>
  new BuiltinCmsVerifier({ ...base(), ...extra });

function refusal(v: CmsVerdict): { code: string; reason: string } {
  if (v.valid) throw new Error('expected a refusal, the signature was accepted');
  return { code: v.code, reason: v.reason };
}

const signIn = (cms: Buffer, more: Partial<CmsRequest> = {}): CmsRequest => ({
  cms,
  expectedContent: CHALLENGE,
  purpose: 'sign-in',
  expectedIin: IIN,
  ...more,
});

/** The signature value of the CMS's one signer: what a timestamp must cover. */
function signatureValue(cms: Buffer): Buffer {
  const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(cms).content });
  return Buffer.from(signed.signerInfos[0]!.signature.valueBlock.valueHexView);
}

beforeAll(async () => {
  ca = new NcaTestCa();
  // openssl ocsp reads the CA's index when it starts: every certificate (and the revocation) is
  // made first, on a port chosen beforehand so the certificates' AIA can name the responder.
  const port = await freePort();
  const ocspUrl = `http://127.0.0.1:${port}`;
  auth = ca.holder('auth', { iin: IIN, eku: [AUTH_EKU, ROLE_INDIVIDUAL], ocspUrl });
  signing = ca.holder('signing', {
    iin: IIN,
    eku: [SIGN_EKU, ROLE_EMPLOYEE],
    organisation: { name: 'ТОО Тест', bin: '123456789021' },
    key: 'p256',
    ocspUrl,
  });
  expired = ca.holder('expired', { iin: IIN, start: '20200101000000Z', end: '20200201000000Z', ocspUrl });
  notYet = ca.holder('not-yet', { iin: IIN, start: daysFromNow(5), end: daysFromNow(30), ocspUrl });
  revoked = ca.holder('revoked', { iin: IIN, ocspUrl });
  signingRsa = ca.holder('signing-rsa', { iin: IIN, eku: [SIGN_EKU], ocspUrl });
  // Another certificate for the AUTH holder's key (another serial, another subject's IIN).
  twin = ca.holder('twin', { iin: '850505400456', sameKeyAs: auth, ocspUrl });
  ca.revoke(revoked);
  stranger = ca.holder('stranger-holder', { iin: IIN, issuer: 'stranger', ocspUrl });
  ocsp = new OcspResponder(ca);
  await ocsp.start(port);
  tsa = await tsaStandIn(ca);
  // A responder that takes the request and never answers.
  silent = await listen(() => undefined);
});

afterAll(async () => {
  await ocsp?.stop();
  if (tsa) await closeServer(tsa.server);
  if (silent) await closeServer(silent.server);
  ca?.close();
});

describe('good signatures', () => {
  it('accepts an attached sign-in CMS by an AUTH certificate, OCSP good, and reads the holder as NCA writes it', async () => {
    const v = await verifier().verify(signIn(ca.sign(auth, CHALLENGE)));
    if (!v.valid) throw new Error(`${v.code}: ${v.reason}`);
    expect(v.signer).toEqual(testSigner(IIN));
    expect(v.revocation).toMatchObject({ method: 'ocsp', status: 'good', responder: ocsp.url, policy: 'refuse' });
    expect(v.certificate.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v.signingTime).toBeInstanceOf(Date);
  });

  it('accepts the same CMS as base64 text (what NCALayer hands over)', async () => {
    const v = await verifier().verify(signIn(Buffer.from(ca.sign(auth, CHALLENGE).toString('base64'))));
    expect(v.valid).toBe(true);
  });

  it('accepts a detached CMS by a signing certificate (ECDSA P-256, -keyid), timestamped by the TSA', async () => {
    const cms = ca.sign(signing, ACT, { detached: true, keyid: true });
    const token = await timestamp(signatureValue(cms), {
      url: tsa.url,
      timeoutMs: 5000,
      roots: loadCertificates(ca.tsaTrustDir),
    });
    const v = await verifier().verify({
      cms: attachTimestamp(cms, token),
      content: ACT,
      expectedContent: ACT,
      purpose: 'signing',
      expectedIin: IIN,
    });
    if (!v.valid) throw new Error(`${v.code}: ${v.reason}`);
    expect(v.signer).toMatchObject({ organisation: 'ТОО Тест', bin: '123456789021', roles: ['employee'] });
    expect(v.timestamp?.tsaName).toBe('TEST TSA (Tizim tests)');
    expect(Math.abs(v.timestamp!.time.getTime() - Date.now())).toBeLessThan(60_000);
    expect(v.revocation.status).toBe('good');
  });

  it('accepts an attached signing CMS (RSA), and a detached sign-in CMS', async () => {
    const act = await verifier().verify({
      cms: ca.sign(signingRsa, ACT),
      expectedContent: ACT,
      purpose: 'signing',
    });
    expect(act.valid ? 'ok' : act.reason).toBe('ok');
    const v = await verifier().verify(signIn(ca.sign(auth, CHALLENGE, { detached: true }), { content: CHALLENGE }));
    expect(v.valid).toBe(true);
  });
});

describe('issue 27, section 3: each bad case refused in plain words', () => {
  it('expired', async () => {
    const r = refusal(await verifier().verify(signIn(ca.sign(expired, CHALLENGE))));
    expect(r.code).toBe('expired');
    expect(r.reason).toMatch(/had expired at .* valid until 2020-02-01/);
  });

  it('not yet valid', async () => {
    const r = refusal(await verifier().verify(signIn(ca.sign(notYet, CHALLENGE))));
    expect(r.code).toBe('not-yet-valid');
  });

  it('revoked: the OCSP responder says so', async () => {
    const v = await verifier().verify(signIn(ca.sign(revoked, CHALLENGE)));
    expect(refusal(v).code).toBe('revoked');
    expect(!v.valid && v.revocation).toMatchObject({ method: 'ocsp', status: 'revoked' });
  });

  it('unknown issuer: a certificate from a CA the server does not know', async () => {
    const r = refusal(await verifier().verify(signIn(ca.sign(stranger, CHALLENGE))));
    expect(r.code).toBe('unknown-issuer');
  });

  it('a chain that does not reach a trusted root', async () => {
    const cms = ca.sign(stranger, CHALLENGE, { chain: ['stranger', 'stranger-root'] });
    const r = refusal(await verifier().verify(signIn(cms)));
    expect(r.code).toBe('untrusted-root');
    expect(r.reason).toContain('STRANGER ROOT');
  });

  it('the wrong key usage for the purpose: a signing key to sign in, an AUTH key to sign an act', async () => {
    const a = refusal(await verifier().verify(signIn(ca.sign(signing, CHALLENGE))));
    expect(a).toEqual({ code: 'wrong-key-usage', reason: expect.stringContaining('authentication (AUTH)') });
    const b = refusal(await verifier().verify({ cms: ca.sign(auth, ACT), expectedContent: ACT, purpose: 'signing' }));
    expect(b.code).toBe('wrong-key-usage');
  });

  it("an IIN that is not the account's, named only masked", async () => {
    const r = refusal(await verifier().verify(signIn(ca.sign(auth, CHALLENGE), { expectedIin: OTHER_IIN })));
    expect(r.code).toBe('wrong-iin');
    expect(r.reason).toContain('********0123');
    expect(r.reason).not.toMatch(/\d{12}/);
  });

  it('tampered content: the bytes given are not the ones signed', async () => {
    const cms = ca.sign(auth, CHALLENGE, { detached: true });
    const tampered = Buffer.from(CHALLENGE);
    tampered[0] ^= 1;
    const r = refusal(await verifier().verify(signIn(cms, { content: tampered, expectedContent: tampered })));
    expect(r.code).toBe('bad-signature');
  });

  it('another challenge: the CMS signs other bytes than expected', async () => {
    const r = refusal(await verifier().verify(signIn(ca.sign(auth, Buffer.from('an old challenge')))));
    expect(r.code).toBe('content-mismatch');
  });

  it('CAdES-BES: a signing-certificate attribute naming the signer certificate is accepted', async () => {
    const v = await verifier().verify(signIn(ca.sign(auth, CHALLENGE, { cades: true, keyid: true })));
    expect(v.valid ? 'ok' : v.reason).toBe('ok');
  });

  it('a certificate swapped for another of the same key: the signing-certificate attribute names the first', async () => {
    // Signed with -keyid, the SignerInfo names the key, not the certificate; the signed
    // signingCertificateV2 attribute (RFC 5035) is what ties the signature to one certificate.
    const cms = ca.sign(auth, CHALLENGE, { cades: true, keyid: true, chain: ['intermediate'] });
    const info = pkijs.ContentInfo.fromBER(cms);
    const signed = new pkijs.SignedData({ schema: info.content });
    const other = pkijs.Certificate.fromBER(new X509Certificate(twin.pem).raw);
    const isCa = (c: unknown) =>
      c instanceof pkijs.Certificate && new X509Certificate(Buffer.from(c.toSchema().toBER(false))).ca;
    signed.certificates = (signed.certificates ?? []).map((c) => (isCa(c) ? c : other));
    const swapped = Buffer.from(
      new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signed.toSchema(true) })
        .toSchema()
        .toBER(false),
    );
    const r = refusal(await verifier().verify(signIn(swapped, { expectedIin: undefined })));
    expect(r.code).toBe('bad-signature');
    expect(r.reason).toContain('signing-certificate');
  });

  it('two signers', async () => {
    const r = refusal(await verifier().verify(signIn(ca.sign(auth, CHALLENGE, { second: signing }))));
    expect(r).toEqual({ code: 'signer-count', reason: expect.stringContaining('2 signatures') });
  });

  it('OCSP silent: refused by default', async () => {
    const v = await verifier({ ocspUrl: silent.url, timeoutMs: 300 }).verify(signIn(ca.sign(auth, CHALLENGE)));
    expect(refusal(v).code).toBe('revocation-unreachable');
    expect(!v.valid && v.revocation).toMatchObject({ status: 'unreachable', policy: 'refuse' });
  });

  it("OCSP silent: accepted with the 'accept' policy, recorded as unreachable", async () => {
    const v = await verifier({ ocspUrl: silent.url, timeoutMs: 300, noAnswer: 'accept' }).verify(
      signIn(ca.sign(auth, CHALLENGE)),
    );
    expect(v.valid).toBe(true);
    expect(v.valid && v.revocation).toMatchObject({ method: 'ocsp', status: 'unreachable', policy: 'accept' });
  });

  it('OCSP silent, CRL answers: the CRL decides (revoked refused, good accepted)', async () => {
    const crl = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pkix-crl' });
      res.end(ca.crl());
    });
    try {
      const v = verifier({ ocspUrl: silent.url, crlUrl: crl.url, timeoutMs: 500 });
      const bad = await v.verify(signIn(ca.sign(revoked, CHALLENGE)));
      expect(refusal(bad).code).toBe('revoked');
      expect(!bad.valid && bad.revocation?.method).toBe('crl');
      const good = await v.verify(signIn(ca.sign(auth, CHALLENGE)));
      expect(good.valid && good.revocation).toMatchObject({ method: 'crl', status: 'good' });
    } finally {
      await closeServer(crl.server);
    }
  });

  it('an OCSP answer replayed from an earlier request (another nonce) vouches for nothing', async () => {
    let kept: Buffer | undefined;
    const replay = await listen((req, res) => {
      void body(req).then(async (query) => {
        kept ??= Buffer.from(
          await (
            await fetch(ocsp.url, {
              method: 'POST',
              body: query,
              headers: { 'content-type': 'application/ocsp-request' },
            })
          ).arrayBuffer(),
        );
        res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(kept);
      });
    });
    try {
      const v = verifier({ ocspUrl: replay.url });
      expect((await v.verify(signIn(ca.sign(auth, CHALLENGE)))).valid).toBe(true);
      const again = await v.verify(signIn(ca.sign(auth, CHALLENGE)));
      expect(refusal(again).code).toBe('revocation-unknown');
    } finally {
      await closeServer(replay.server);
    }
  });

  it('a timestamp that does not cover the signature', async () => {
    const cms = ca.sign(signing, ACT, { detached: true });
    const token = ca.tsTokenFor(Buffer.from('some other signature value'));
    const r = refusal(
      await verifier().verify({
        cms: attachTimestamp(cms, token),
        content: ACT,
        expectedContent: ACT,
        purpose: 'signing',
      }),
    );
    expect(r).toEqual({ code: 'bad-timestamp', reason: expect.stringContaining('does not cover this signature') });
  });

  it('not a CMS at all', async () => {
    expect(refusal(await verifier().verify(signIn(Buffer.from('not a signature')))).code).toBe('malformed-cms');
  });

  it('a server whose trust folder is empty says so, not "unknown issuer" to every official', async () => {
    const empty = join(ca.dir, 'empty-trust');
    mkdirSync(empty, { recursive: true });
    const r = refusal(await verifier({ trustDir: empty }).verify(signIn(ca.sign(auth, CHALLENGE))));
    expect(r).toEqual({
      code: 'verifier-unavailable',
      reason: expect.stringContaining(`${empty} (TIZIM_EDS_TRUST_DIR)`),
    });
  });
});

describe('settings', () => {
  it('reads TIZIM_EDS_* with NCA RK defaults and names each bad variable', () => {
    const s = cmsSettingsFromEnv({});
    expect(s).toMatchObject({
      verifier: 'builtin',
      noAnswer: 'refuse',
      timeoutMs: 5000,
      tsaUrl: 'http://tsp.pki.gov.kz',
      ocspUrl: undefined,
    });
    expect(() =>
      cmsSettingsFromEnv({
        TIZIM_EDS_VERIFIER: 'gost',
        TIZIM_EDS_REVOCATION_NO_ANSWER: 'maybe',
        TIZIM_EDS_OCSP_TIMEOUT_MS: '-1',
      }),
    ).toThrow(/TIZIM_EDS_VERIFIER.*TIZIM_EDS_REVOCATION_NO_ANSWER.*TIZIM_EDS_OCSP_TIMEOUT_MS/);
  });
});
