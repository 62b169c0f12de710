/**
 * A STAND-IN for NCALayer, the signing application of Kazakhstan's National Certification Authority
 * (NCA RK) — not NCA's NCALayer, for tests only. A local WebSocket server (package `ws`) that speaks
 * the part of NCALayer's protocol the console uses (apps/web/src/ncalayer.ts): it greets with its
 * version on connect (`{"result":{"version":"1.4"}}`) and answers `kz.gov.pki.knca.basics` /
 * `sign` with format `cms` as NCALayer does (`{"status":true,"body":{"result":"<base64>"}}`).
 *
 * Like NCALayer it signs with PKCS#12 key stores and their passwords (NcaTestCa.p12), read with
 * `openssl pkcs12 -nodes`. Where NCALayer shows the official the keys whose certificate has the
 * extended key usages asked for (signerParams.extKeyUsageOids) and the official picks one, the
 * stand-in takes the first such store. The CMS is made by `openssl cms -sign -binary -md sha256
 * -nosmimecap` with the intermediate certificate included, the content inside when
 * signingParams.encapsulate is true.
 *
 * Switches for what the console must say in words: the official cancels (`{"status":true,"body":{}}`,
 * also the answer when no store has the key usage asked for: NCALayer's list is empty and the
 * official can only cancel), too old a version, an error (`status:false` with NCALayer's code and
 * English message, as recorded in sigex-kz/ncalayer-js-client's test/test-data.json).
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';

const openssl = (args: string[]) => promisify(execFile)('openssl', args).then((r) => r.stdout);

/** A key store as NCALayer is given it: a .p12 file and its password. */
export interface KeyStore {
  file: string;
  password: string;
}

export type StandInBehaviour =
  /** Sign with the first store whose certificate has the key usages asked for. */
  | 'sign'
  /** The official closes NCALayer's window. */
  | 'cancel'
  /** NCALayer fails (an exception inside it), as it reports one. */
  | 'error';

interface Loaded {
  cert: string;
  key: string;
  chain: string;
  eku: string[];
}

/** One `sign` request as the stand-in received it, for tests to check what the console asked. */
export interface SignCall {
  module: string;
  method: string;
  args: {
    allowedStorages?: string[] | null;
    format?: string;
    data?: string | string[];
    signingParams?: { decode?: boolean; encapsulate?: boolean; digested?: boolean };
    signerParams?: { extKeyUsageOids?: string[]; chain?: string[] };
    locale?: string;
  };
}

export class NcaLayerStandIn {
  /** What the stand-in does with the next `sign` request. */
  behaviour: StandInBehaviour = 'sign';
  /** The version it greets with (NCALayer 1.4 says "1.4"). */
  version = '1.4';
  /** Every request received, in order. */
  readonly calls: SignCall[] = [];
  url = '';
  private port = 0;
  private server?: WebSocketServer;
  private readonly work = mkdtempSync(join(tmpdir(), 'tizim-ncalayer-'));
  private loaded?: Promise<Loaded[]>;
  private n = 0;

  constructor(private stores: KeyStore[]) {}

  /** Another official at the computer (or another token put in): NCALayer offers these stores now. */
  setStores(stores: KeyStore[]): void {
    this.stores = stores;
    this.loaded = undefined;
  }

  /**
   * Listens (again, after stop(): on the same port unless told another, as NCALayer always takes
   * 13579) and returns its ws:// address.
   */
  async start(port = this.port): Promise<string> {
    const server = new WebSocketServer({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    this.server = server;
    server.on('connection', (socket) => {
      socket.send(JSON.stringify({ result: { version: this.version } }));
      socket.on('message', (data) => void this.answer(socket, String(data)));
    });
    this.port = (server.address() as AddressInfo).port;
    this.url = `ws://127.0.0.1:${this.port}`;
    return this.url;
  }

  /** NCALayer quits: connections dropped, nothing listens (start() again to bring it back). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stops and removes the stand-in's files (the keys opened from the stores among them). */
  async close(): Promise<void> {
    await this.stop();
    rmSync(this.work, { recursive: true, force: true });
  }

  private async answer(socket: WebSocket, text: string): Promise<void> {
    let call: SignCall;
    try {
      call = JSON.parse(text) as SignCall;
    } catch {
      return; // NCALayer ignores what is not JSON (some clients send heartbeats)
    }
    this.calls.push(call);
    const reply = (o: unknown) => socket.send(JSON.stringify(o));
    const refuse = (details: string) =>
      reply({ status: false, code: 'INVOCATION_ERROR', message: 'An invoked method threw an exception.', details });
    if (call.module !== 'kz.gov.pki.knca.basics' || call.method !== 'sign') {
      return reply({ status: false, code: 'MODULE_NOT_FOUND', message: `No such module or method (stand-in)` });
    }
    if (this.behaviour === 'cancel') return reply({ status: true, body: {} });
    if (this.behaviour === 'error') return refuse('java.lang.RuntimeException: stand-in told to fail');
    const a = call.args ?? {};
    // The stand-in implements what the console asks: CMS over base64 data, the data itself signed.
    if (a.format !== 'cms' || a.signingParams?.decode !== true || a.signingParams?.digested === true)
      return refuse('stand-in: only format cms over decoded (not digested) data');
    if (a.allowedStorages && !a.allowedStorages.includes('PKCS12')) return reply({ status: true, body: {} });
    const wanted = a.signerParams?.extKeyUsageOids ?? [];
    const store = (await this.load()).find((s) => wanted.every((oid) => s.eku.includes(oid)));
    if (!store) return reply({ status: true, body: {} });
    try {
      const data = Array.isArray(a.data) ? a.data : [a.data ?? ''];
      const signed = await Promise.all(
        data.map((d) => this.cms(store, Buffer.from(d, 'base64'), a.signingParams?.encapsulate === true)),
      );
      reply({ status: true, body: { result: Array.isArray(a.data) ? signed : signed[0] } });
    } catch (err) {
      refuse(`stand-in: openssl cms failed: ${(err as Error).message.split('\n')[0]}`);
    }
  }

  /** The stores opened once, as NCALayer opens a store with its password. */
  private load(): Promise<Loaded[]> {
    this.loaded ??= Promise.all(
      this.stores.map(async (s) => {
        const i = ++this.n; // files of their own, whichever stores were given before
        const base = ['pkcs12', '-in', s.file, '-passin', `pass:${s.password}`, '-nodes'];
        const cert = join(this.work, `store-${i}.crt`);
        const key = join(this.work, `store-${i}.key`);
        const chain = join(this.work, `store-${i}-chain.pem`);
        writeFileSync(cert, await openssl([...base, '-clcerts', '-nokeys']));
        writeFileSync(key, await openssl([...base, '-nocerts']));
        writeFileSync(chain, await openssl([...base, '-cacerts', '-nokeys']));
        // Node gives the extended key usages as OIDs (X509Certificate.keyUsage).
        const eku = new X509Certificate(readFileSync(cert)).keyUsage ?? [];
        return { cert, key, chain, eku };
      }),
    );
    return this.loaded;
  }

  private async cms(store: Loaded, content: Buffer, attached: boolean): Promise<string> {
    const data = join(this.work, `data-${++this.n}.bin`);
    const out = join(this.work, `cms-${this.n}.der`);
    writeFileSync(data, content);
    const args = [
      'cms', '-sign', '-binary', '-md', 'sha256', '-nosmimecap', '-in', data, '-outform', 'DER', '-out', out,
      '-signer', store.cert, '-inkey', store.key,
    ]; // prettier-ignore
    if (readFileSync(store.chain, 'utf8').includes('BEGIN CERTIFICATE')) args.push('-certfile', store.chain);
    if (attached) args.push('-nodetach');
    await openssl(args);
    return readFileSync(out).toString('base64');
  }
}
