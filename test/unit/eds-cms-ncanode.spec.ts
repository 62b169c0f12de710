/**
 * The NCANode adapter (TIZIM_EDS_VERIFIER=ncanode) over HTTP against the NCANode stand-in
 * (test/support/ncanode-stand-in.ts, the built-in verifier underneath), the test CA and a local
 * `openssl ocsp` responder.
 */
import type { Server } from 'node:http';
import {
  BuiltinCmsVerifier,
  NcaNodeCmsVerifier,
  cmsSettingsFromEnv,
  createCmsVerifier,
  type CmsVerdict,
} from '../../libs/eds/cms';
import {
  AUTH_EKU,
  NcaTestCa,
  OcspResponder,
  ROLE_INDIVIDUAL,
  SIGN_EKU,
  closeServer,
  freePort,
  type Holder,
  TEST_IIN,
  testSigner,
} from '../support/nca-test-ca';
import { ncanodeStandIn } from '../support/ncanode-stand-in';

const IIN = TEST_IIN;
const CHALLENGE = Buffer.from('tizim sign-in challenge 91b0…');
const ACT = Buffer.from('{"act":"transfer","precinct":"7"}');

let ca: NcaTestCa;
let ocsp: OcspResponder;
let node: { url: string; server: Server };
let auth: Holder;
let signing: Holder;
let revoked: Holder;
let adapter: NcaNodeCmsVerifier;

const code = (v: CmsVerdict): string => (v.valid ? 'valid' : v.code);

beforeAll(async () => {
  ca = new NcaTestCa();
  const port = await freePort();
  const ocspUrl = `http://127.0.0.1:${port}`;
  auth = ca.holder('auth', { iin: IIN, eku: [AUTH_EKU, ROLE_INDIVIDUAL], ocspUrl });
  signing = ca.holder('signing', { iin: IIN, eku: [SIGN_EKU], ocspUrl });
  revoked = ca.holder('revoked', { iin: IIN, ocspUrl });
  ca.revoke(revoked);
  ocsp = new OcspResponder(ca);
  await ocsp.start(port);
  node = await ncanodeStandIn(
    new BuiltinCmsVerifier({ trustDir: ca.trustDir, tsaTrustDir: ca.tsaTrustDir, timeoutMs: 3000, noAnswer: 'refuse' }),
  );
  adapter = new NcaNodeCmsVerifier({ ncanodeUrl: node.url, timeoutMs: 3000, noAnswer: 'refuse' });
});

afterAll(async () => {
  await ocsp?.stop();
  if (node) await closeServer(node.server);
  ca?.close();
});

it('is the verifier TIZIM_EDS_VERIFIER=ncanode chooses', () => {
  const settings = cmsSettingsFromEnv({ TIZIM_EDS_VERIFIER: 'ncanode', TIZIM_EDS_NCANODE_URL: node.url });
  expect(createCmsVerifier(settings)).toBeInstanceOf(NcaNodeCmsVerifier);
  expect(createCmsVerifier(cmsSettingsFromEnv({}))).toBeInstanceOf(BuiltinCmsVerifier);
});

it('accepts an attached sign-in CMS and maps the holder NCANode reports', async () => {
  const v = await adapter.verify({
    cms: ca.sign(auth, CHALLENGE),
    expectedContent: CHALLENGE,
    purpose: 'sign-in',
    expectedIin: IIN,
  });
  if (!v.valid) throw new Error(`${v.code}: ${v.reason}`);
  expect(v.signer).toEqual(testSigner(IIN));
  expect(v.revocation).toMatchObject({ method: 'ocsp', status: 'good' });
  expect(v.certificate.fingerprintSha256).toMatch(/^[0-9a-f]{64}$/);
});

it('sends the content of a detached CMS and accepts a signing certificate for an act', async () => {
  const cms = ca.sign(signing, ACT, { detached: true });
  expect(code(await adapter.verify({ cms, content: ACT, expectedContent: ACT, purpose: 'signing' }))).toBe('valid');
});

it('refuses what NCANode refuses or reports: revoked, wrong key usage, another IIN', async () => {
  const req = (h: Holder, more = {}) => ({
    cms: ca.sign(h, CHALLENGE),
    expectedContent: CHALLENGE,
    purpose: 'sign-in' as const,
    ...more,
  });
  expect(code(await adapter.verify(req(revoked)))).toBe('revoked');
  expect(code(await adapter.verify(req(signing)))).toBe('wrong-key-usage');
  const other = await adapter.verify(req(auth, { expectedIin: '850505400456' }));
  expect(code(other)).toBe('wrong-iin');
  expect(!other.valid && other.reason).not.toMatch(/\d{12}/);
});

it('checks itself what NCANode does not know: one signer, the expected bytes', async () => {
  const two = ca.sign(auth, CHALLENGE, { second: signing });
  expect(code(await adapter.verify({ cms: two, expectedContent: CHALLENGE, purpose: 'sign-in' }))).toBe('signer-count');
  const old = ca.sign(auth, Buffer.from('an old challenge'));
  expect(code(await adapter.verify({ cms: old, expectedContent: CHALLENGE, purpose: 'sign-in' }))).toBe(
    'content-mismatch',
  );
});

it('says so in plain words when NCANode does not answer', async () => {
  const down = new NcaNodeCmsVerifier({
    ncanodeUrl: `http://127.0.0.1:${await freePort()}`,
    timeoutMs: 500,
    noAnswer: 'refuse',
  });
  const v = await down.verify({ cms: ca.sign(auth, CHALLENGE), expectedContent: CHALLENGE, purpose: 'sign-in' });
  expect(v).toEqual({ valid: false, code: 'verifier-unavailable', reason: expect.stringContaining('did not answer') });
});
