/**
 * A TCP proxy between clients and a server that can lose the server's answers, so a test can make
 * a request reach the server while the client never hears back: the way a timeout or a cut
 * connection looks to the API after it has sent a change. Nothing is mocked: the server receives
 * and applies every byte the client sends. The drill (scripts/drill.ts) also puts one in front of
 * the machine's PostgreSQL and Redis, which it may not restart: `restart()` is what a restart looks
 * like to every client (each connection dropped, new ones refused for a while, then served again).
 *
 * - `pass`: both directions flow.
 * - `swallow`: the client's bytes reach the server; the server's answers are dropped (a hung answer).
 * - `cut`: the client's bytes reach the server; once the server answers, the client's connection is
 *   closed (the server's is left open, so what it is doing is not cancelled).
 * - `down`: every connection is dropped and new ones are closed at once (the server is not there).
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'swallow' | 'cut' | 'down';

/** How long after the server begins to answer the client's connection is cut (the server has the request by then). */
const CUT_AFTER_MS = 200;

export class FaultyProxy {
  mode: ProxyMode = 'pass';
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly address: string,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: string): Promise<FaultyProxy> {
    const cut = target.lastIndexOf(':');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultyProxy(server, `127.0.0.1:${(server.address() as AddressInfo).port}`, {
      host: target.slice(0, cut),
      port: Number(target.slice(cut + 1)),
    });
    server.on('connection', (client) => proxy.relay(client));
    return proxy;
  }

  /** The server goes away: every connection through the proxy is dropped, new ones are refused. */
  goDown(): void {
    this.mode = 'down';
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** The server is back. */
  comeBack(): void {
    this.mode = 'pass';
  }

  /** A restart as clients see it: down for `downMs`, then back. */
  async restart(downMs: number): Promise<void> {
    this.goDown();
    await new Promise((r) => setTimeout(r, downMs));
    this.comeBack();
  }

  private relay(client: Socket): void {
    if (this.mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    let cutting = false;
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (this.mode === 'pass') client.write(chunk);
      else if (this.mode === 'cut' && !cutting) {
        // The server has begun to answer: its answer is lost and, a moment later, the client's
        // connection closes. The server's side stays open, so nothing it is doing is cancelled.
        cutting = true;
        setTimeout(() => client.destroy(), CUT_AFTER_MS);
      }
    });
    client.on('error', () => client.destroy());
    upstream.on('error', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    // The server's side is left open when the client goes (what it is doing goes on), as before.
    client.on('close', () => this.sockets.delete(client));
    upstream.on('close', () => this.sockets.delete(upstream));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** An address on this machine where nothing listens (a port just bound and released). */
export async function closedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}
