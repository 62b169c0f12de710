/**
 * A small client of NCALayer, the National Certification Authority's (NCA RK) signing application
 * on the official's computer: a local WebSocket (wss://127.0.0.1:13579 unless GET
 * /v1/auth/eds-options names another), module `kz.gov.pki.knca.basics`, method `sign`, format `cms`.
 * The key never leaves NCALayer; the console gets a base64 CMS SignedData over the UTF-8 bytes of
 * the text it asked to sign.
 *
 * Own code (about a hundred lines) rather than the npm package ncalayer-js-client: we need one
 * method, and the package's KAZTOKEN HTTP probing and commonUtils calls would only add paths to
 * trust. The shapes below are those that package sends and expects (sigex-kz/ncalayer-js-client
 * 1.5.6–1.5.8, ncalayer-client.js: connect(), basicsSign(), setHandlers(); its test/test-data.json
 * holds answers recorded from NCALayer) and NCA's own sample (pkigovkz/NCALayerJSExample,
 * js/ncalayer.js):
 * - on connect NCALayer sends its version unasked: `{"result":{"version":"1.4"}}`;
 * - request `{module, method, args: {allowedStorages, format, data, signingParams, signerParams, locale}}`;
 * - answer `{"status":true,"body":{"result":"<base64>"}}` (an array when several data were signed);
 * - the official cancelled: `{"status":true,"body":{}}` (no result);
 * - an error: `{"status":false,"code":"…","message":"…","details":"…"}`.
 * `signerParams.chain: []` lets NCALayer offer any certificate without building its path to NCA's
 * roots (NCA's sample says so): the server checks the chain, and test keys must be choosable.
 *
 * Pure besides the WebSocket, which is passed in (Node has none without a flag): the unit tests
 * drive it with the `ws` package against the stand-in NCALayer (test/support/ncalayer-stand-in.ts).
 */

/** What a failure is, for the words the official reads (words/ncalayer.ts). */
export type NcaLayerFailure =
  /** Nothing answered at the address, or NCALayer went away before answering. */
  | { kind: 'not-running' }
  /** NCALayer answered with a version older than MIN_NCALAYER_VERSION (or none at all). */
  | { kind: 'too-old'; version: string | null }
  /** The official closed NCALayer's window without signing. */
  | { kind: 'cancelled' }
  /** NCALayer refused (its code; its English message and details are kept for developers only). */
  | { kind: 'failed'; code: string; message: string };

export class NcaLayerError extends Error {
  constructor(readonly failure: NcaLayerFailure) {
    super(`NCALayer: ${failure.kind}${failure.kind === 'failed' ? ` ${failure.code}: ${failure.message}` : ''}`);
    this.name = 'NcaLayerError';
  }
}

/** The part of a WebSocket this client uses: the browser's, or `ws`'s in Node. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}
export type SocketFactory = (url: string) => SocketLike;

/** The module `kz.gov.pki.knca.basics` first shipped with NCALayer 1.4, which also greets with its version. */
export const MIN_NCALAYER_VERSION = '1.4';
export const DEFAULT_NCALAYER_URL = 'wss://127.0.0.1:13579';

/** NCA's key usages: an authentication key signs in, a signing key signs documents. */
export const EKU = { auth: '1.3.6.1.5.5.7.3.2', sign: '1.3.6.1.5.5.7.3.4' } as const;

/** The stores NCA issues keys in: a PKCS#12 file, a KAZTOKEN, the ID card's chip. */
export const ALLOWED_STORAGES = ['PKCS12', 'AKKaztokenStore', 'AKKZIDCardStore'];

export interface SignRequest {
  /** Signed as its UTF-8 bytes. */
  text: string;
  /** 'auth' for the sign-in challenge, 'sign' for an act or an approval. */
  purpose: keyof typeof EKU;
  /** The content inside the CMS (attached) or not (detached). */
  attached: boolean;
  locale: 'ru' | 'kk';
}

/** "1.4" < "1.10": numeric parts compared one by one. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map((n) => parseInt(n, 10) || 0);
  const b = minimum.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Base64 of the UTF-8 bytes (btoa takes Latin-1 only, so the bytes go one by one). */
export function utf8Base64(text: string): string {
  let bin = '';
  for (const byte of new TextEncoder().encode(text)) bin += String.fromCharCode(byte);
  return btoa(bin);
}

/** The `sign` request NCALayer takes (signingParams.decode: `data` is base64 of the bytes to sign). */
export function signMessage(r: SignRequest) {
  return {
    module: 'kz.gov.pki.knca.basics',
    method: 'sign',
    args: {
      allowedStorages: ALLOWED_STORAGES,
      format: 'cms',
      data: utf8Base64(r.text),
      signingParams: { decode: true, encapsulate: r.attached, digested: false },
      signerParams: { extKeyUsageOids: [EKU[r.purpose]], chain: [] },
      locale: r.locale,
    },
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The base64 CMS out of a `sign` answer; PEM armour and line breaks, if any, taken off. */
export function cmsOfAnswer(answer: Json): string {
  if (answer.status !== true) {
    throw new NcaLayerError({
      kind: 'failed',
      code: String(answer.code ?? 'unknown'),
      message: [answer.message, answer.details].filter(Boolean).join(' ') || 'no message',
    });
  }
  const body = isObject(answer.body) ? answer.body : {};
  if (!('result' in body) || body.result === null) throw new NcaLayerError({ kind: 'cancelled' });
  const result = Array.isArray(body.result) ? body.result[0] : body.result;
  const cms = typeof result === 'string' ? result.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '') : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cms)) {
    throw new NcaLayerError({ kind: 'failed', code: 'unexpected-answer', message: 'the result is not base64 CMS' });
  }
  return cms;
}

export interface SignOptions {
  /** How to open the socket; the browser's WebSocket by default. */
  socket?: SocketFactory;
  minVersion?: string;
  /** How long to wait for the version greeting after connecting (the signing itself has no limit). */
  greetingMs?: number;
}

/** Signs `request.text` through NCALayer at `url`: the base64 CMS, or an NcaLayerError. */
export function signWithNcaLayer(url: string, request: SignRequest, o: SignOptions = {}): Promise<string> {
  const open: SocketFactory =
    o.socket ?? ((u) => new (globalThis as unknown as { WebSocket: new (u: string) => SocketLike }).WebSocket(u));
  return new Promise<string>((resolve, reject) => {
    let socket: SocketLike;
    let settled = false;
    let asked = false;
    const end = (fail: NcaLayerFailure | null, cms?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.onclose = socket.onerror = socket.onmessage = null;
      socket.close();
      if (fail) reject(new NcaLayerError(fail));
      else resolve(cms as string);
    };
    // An old NCALayer that connects but never says its version would otherwise leave the page waiting.
    const timer = setTimeout(() => end({ kind: 'too-old', version: null }), o.greetingMs ?? 10_000);
    try {
      socket = open(url);
    } catch {
      // A malformed address throws at once; for the official it is the same as nothing listening.
      clearTimeout(timer);
      return reject(new NcaLayerError({ kind: 'not-running' }));
    }
    // Refused, or gone before answering: either way NCALayer is not (or no longer) running.
    socket.onerror = socket.onclose = () => end({ kind: 'not-running' });
    socket.onmessage = (ev) => {
      let msg: Json;
      try {
        const parsed: unknown = JSON.parse(String(ev.data));
        msg = isObject(parsed) ? parsed : {};
      } catch {
        return end({ kind: 'failed', code: 'unexpected-answer', message: 'not JSON' });
      }
      const greeting = isObject(msg.result) && typeof msg.result.version === 'string' ? msg.result.version : null;
      if (!asked) {
        // The first message is the version greeting; the request goes only after it, so the
        // greeting is never taken for the answer.
        if (greeting === null || !versionAtLeast(greeting, o.minVersion ?? MIN_NCALAYER_VERSION))
          return end({ kind: 'too-old', version: greeting });
        clearTimeout(timer);
        asked = true;
        socket.send(JSON.stringify(signMessage(request)));
        return;
      }
      if (greeting !== null) return; // a repeated greeting is not the answer
      try {
        end(null, cmsOfAnswer(msg));
      } catch (err) {
        end((err as NcaLayerError).failure);
      }
    };
  });
}
