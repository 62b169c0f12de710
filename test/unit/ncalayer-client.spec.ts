/**
 * The console's NCALayer client (apps/web/src/ncalayer.ts) against the stand-in NCALayer
 * (test/support/ncalayer-stand-in.ts), in Node with the `ws` package as the WebSocket: the request
 * it sends (module, method, EKU per purpose, attached or detached, locale), the CMS it gets back
 * verified by the server's own verifier (libs/eds/cms) against the test CA, and each failure typed
 * and said in Russian and Kazakh: NCALayer not running, too old, the official cancelling, an error.
 */
import WebSocket from 'ws';
import { BuiltinCmsVerifier } from '../../libs/eds/cms';
import {
  NcaLayerError,
  cmsOfAnswer,
  signWithNcaLayer,
  utf8Base64,
  versionAtLeast,
  type NcaLayerFailure,
  type SignRequest,
  type SocketLike,
} from '../../apps/web/src/ncalayer';
import { NCALAYER_WORDS, ncaLayerProblem } from '../../apps/web/src/words/ncalayer';
import {
  AUTH_EKU,
  NcaTestCa,
  OcspResponder,
  ROLE_INDIVIDUAL,
  SIGN_EKU,
  TEST_IIN,
  freePort,
  testSigner,
} from '../support/nca-test-ca';
import { NcaLayerStandIn } from '../support/ncalayer-stand-in';
import { latinTokens } from '../support/screen-checks';

const socket = (url: string) => new WebSocket(url) as unknown as SocketLike;
const CHALLENGE = 'Tizim: вход 2026-12-07 nonce 5c1e…';
const ACT = '{"act":"приёма-передачи","district":"Алматы","records":42}';

let ca: NcaTestCa;
let ocsp: OcspResponder;
let nca: NcaLayerStandIn;

beforeAll(async () => {
  ca = new NcaTestCa();
  const port = await freePort();
  const ocspUrl = `http://127.0.0.1:${port}`;
  // NCA issues two stores: AUTH_RSA256_….p12 (authentication) and RSA256_….p12 (signing).
  const auth = ca.holder('auth', { eku: [AUTH_EKU, ROLE_INDIVIDUAL], ocspUrl });
  const sign = ca.holder('sign', { eku: [SIGN_EKU, ROLE_INDIVIDUAL], ocspUrl });
  ocsp = new OcspResponder(ca);
  await ocsp.start(port);
  nca = new NcaLayerStandIn([
    { file: ca.p12(auth, 'Qwerty12'), password: 'Qwerty12' },
    { file: ca.p12(sign, 'Sign-pass 1'), password: 'Sign-pass 1' },
  ]);
  await nca.start();
});

afterAll(async () => {
  await nca?.close();
  await ocsp?.stop();
  ca?.close();
});

beforeEach(() => {
  nca.behaviour = 'sign';
  nca.version = '1.4';
});

const verifier = () =>
  new BuiltinCmsVerifier({ trustDir: ca.trustDir, tsaTrustDir: ca.tsaTrustDir, timeoutMs: 3000, noAnswer: 'refuse' });

const ask = (r: Partial<SignRequest> = {}, url = nca.url) =>
  signWithNcaLayer(url, { text: CHALLENGE, purpose: 'auth', attached: true, locale: 'ru', ...r }, { socket });

async function failure(p: Promise<unknown>): Promise<NcaLayerFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof NcaLayerError)) throw new Error(`expected an NcaLayerError, got ${String(err)}`);
  return err.failure;
}

describe('signing', () => {
  it('signs the sign-in nonce with the AUTH key, attached: the server verifier accepts it for sign-in', async () => {
    const cms = await ask();
    expect(nca.calls.at(-1)).toEqual({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        allowedStorages: ['PKCS12', 'AKKaztokenStore', 'AKKZIDCardStore'],
        format: 'cms',
        data: Buffer.from(CHALLENGE, 'utf8').toString('base64'),
        signingParams: { decode: true, encapsulate: true, digested: false },
        signerParams: { extKeyUsageOids: [AUTH_EKU], chain: [] },
        locale: 'ru',
      },
    });
    const v = await verifier().verify({
      cms,
      expectedContent: Buffer.from(CHALLENGE),
      purpose: 'sign-in',
      expectedIin: TEST_IIN,
    });
    if (!v.valid) throw new Error(`${v.code}: ${v.reason}`);
    expect(v.signer).toEqual(testSigner());
  });

  it('signs a document with the SIGN key, detached, in Kazakh: valid for signing, refused for sign-in', async () => {
    const cms = await ask({ text: ACT, purpose: 'sign', attached: false, locale: 'kk' });
    const args = nca.calls.at(-1)!.args;
    expect(args.signerParams?.extKeyUsageOids).toEqual([SIGN_EKU]);
    expect(args.signingParams?.encapsulate).toBe(false);
    expect(args.locale).toBe('kk');
    const request = { cms, content: Buffer.from(ACT), expectedContent: Buffer.from(ACT) };
    const v = await verifier().verify({ ...request, purpose: 'signing' });
    if (!v.valid) throw new Error(`${v.code}: ${v.reason}`);
    // The stand-in chose the signing store by its EKU: the same CMS is no authentication.
    const asSignIn = await verifier().verify({ ...request, purpose: 'sign-in' });
    expect(asSignIn).toMatchObject({ valid: false, code: 'wrong-key-usage' });
  });
});

describe('failures, typed', () => {
  it('not running: nothing listens at the address', async () => {
    expect(await failure(ask({}, `ws://127.0.0.1:${await freePort()}`))).toEqual({ kind: 'not-running' });
  });

  it('not running: an address that is not one', async () => {
    expect(await failure(ask({}, 'not a url'))).toEqual({ kind: 'not-running' });
  });

  it('too old: a version before 1.4, and nothing asked of it', async () => {
    nca.version = '1.3';
    const before = nca.calls.length;
    expect(await failure(ask())).toEqual({ kind: 'too-old', version: '1.3' });
    expect(nca.calls.length).toBe(before);
  });

  it('cancelled: NCALayer answers without a result', async () => {
    nca.behaviour = 'cancel';
    expect(await failure(ask())).toEqual({ kind: 'cancelled' });
  });

  it("failed: NCALayer's error keeps its code; neither it nor the English reach the words", async () => {
    nca.behaviour = 'error';
    const f = await failure(ask());
    expect(f).toMatchObject({ kind: 'failed', code: 'INVOCATION_ERROR' });
    for (const lang of ['ru', 'kk'] as const) {
      const said = ncaLayerProblem(NCALAYER_WORDS[lang], f, '1.4');
      expect(said).not.toMatch(/INVOCATION_ERROR|exception|java|stand-in/i);
      expect(latinTokens(said)).toEqual([]);
    }
  });
});

describe('pieces', () => {
  it('compares versions part by part', () => {
    expect(versionAtLeast('1.4', '1.4')).toBe(true);
    expect(versionAtLeast('1.10', '1.4')).toBe(true);
    expect(versionAtLeast('2.0', '1.4')).toBe(true);
    expect(versionAtLeast('1.3.9', '1.4')).toBe(false);
    expect(versionAtLeast('1.2', '1.4')).toBe(false);
  });

  it('sends the UTF-8 bytes of Russian and Kazakh text as base64', () => {
    const text = 'Қабылдау-беру актісі № 7 — приёмка';
    expect(Buffer.from(utf8Base64(text), 'base64').toString('utf8')).toBe(text);
  });

  it('takes the first of several results and strips PEM armour', () => {
    expect(cmsOfAnswer({ status: true, body: { result: ['MIIB', 'MIIC'] } })).toBe('MIIB');
    expect(
      cmsOfAnswer({ status: true, body: { result: '-----BEGIN CMS-----\nMIIB\nAQ==\n-----END CMS-----\n' } }),
    ).toBe('MIIBAQ==');
    expect(() => cmsOfAnswer({ status: true, body: { result: '' } })).toThrow(NcaLayerError);
  });

  it("writes no English on the signing screens (the browser suites' screen check)", () => {
    for (const lang of ['ru', 'kk'] as const)
      for (const [key, said] of Object.entries(NCALAYER_WORDS[lang]))
        if (typeof said === 'string') expect([key, latinTokens(said)]).toEqual([key, []]);
  });

  it('says every failure in Russian and Kazakh, with what to do', () => {
    const failures: NcaLayerFailure[] = [
      { kind: 'not-running' },
      { kind: 'too-old', version: '1.3' },
      { kind: 'too-old', version: null },
      { kind: 'cancelled' },
      { kind: 'failed', code: 'INVOCATION_ERROR', message: 'x' },
    ];
    for (const f of failures) {
      const ru = ncaLayerProblem(NCALAYER_WORDS.ru, f, '1.4');
      const kk = ncaLayerProblem(NCALAYER_WORDS.kk, f, '1.4');
      expect(ru).toMatch(/[а-яё]/);
      expect(kk).toMatch(/[әғқңөұүһі]/);
      expect(ru).not.toBe(kk);
      // No English on a Russian or Kazakh screen (the browser suites' own check).
      expect([...latinTokens(ru), ...latinTokens(kk)]).toEqual([]);
    }
    expect(ncaLayerProblem(NCALAYER_WORDS.ru, { kind: 'not-running' }, '1.4')).toMatch(
      /Запустите NCALayer.*pki\.gov\.kz/,
    );
    expect(ncaLayerProblem(NCALAYER_WORDS.ru, { kind: 'too-old', version: '1.3' }, '1.4')).toMatch(
      /1\.3.*1\.4.*pki\.gov\.kz/,
    );
  });
});
