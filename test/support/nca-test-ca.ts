/**
 * A local test CA shaped like NCA RK's (issue 27): a root, an intermediate that issues the holders'
 * certificates, and the holders' certificates with NCA-shaped subjects (SERIALNUMBER=IIN…, SURNAME,
 * G, CN, O, OU=BIN…), made by the openssl CLI in a temporary folder. Also the local services the
 * verifier talks to: an `openssl ocsp` responder, and stand-ins (not NCA's services) for the TSA.
 * Nothing is committed: each run makes its own. No real person: the IINs are made up.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = (args: string[], cwd?: string): string =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** The IIN a holder's certificate names unless told otherwise. */
export const TEST_IIN = '900101300123';

/** The signer a verifier reads from a holder's certificate (the subject holder() writes), individual. */
export const testSigner = (iin = TEST_IIN) => ({
  iin,
  surname: 'ТЕСТОВ',
  givenName: 'ТЕСТОВИЧ',
  patronymic: 'ТЕСТОВИЧ',
  commonName: 'ТЕСТОВ АРМАН',
  roles: ['individual'],
});

export const AUTH_EKU = '1.3.6.1.5.5.7.3.2';
export const SIGN_EKU = '1.3.6.1.5.5.7.3.4';
export const ROLE_INDIVIDUAL = '1.2.398.3.3.4.1.1';
export const ROLE_EMPLOYEE = '1.2.398.3.3.4.1.2.5';

export interface Holder {
  name: string;
  cert: string; // path, PEM
  key: string; // path, PEM
  pem: string;
}

export interface HolderOptions {
  iin?: string;
  eku?: string[];
  /** openssl ca dates, YYYYMMDDHHMMSSZ. */
  start?: string;
  end?: string;
  organisation?: { name: string; bin: string };
  key?: 'rsa' | 'p256';
  /** Not the test CA's intermediate: a second, untrusted CA issues it. */
  issuer?: 'intermediate' | 'stranger';
  /** The OCSP address written in the certificate's AIA. */
  ocspUrl?: string;
  /** A second certificate for the key of this holder. */
  sameKeyAs?: Holder;
}

const stamp = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
export const daysFromNow = (days: number): string => stamp(new Date(Date.now() + days * 86_400_000));

export class NcaTestCa {
  readonly dir = mkdtempSync(join(tmpdir(), 'tizim-nca-'));
  readonly trustDir = join(this.dir, 'trust');
  readonly tsaTrustDir = join(this.dir, 'tsa-trust');
  private n = 0;

  constructor() {
    mkdirSync(this.trustDir);
    mkdirSync(this.tsaTrustDir);
    this.makeCa('root', '/C=KZ/CN=TEST ROOT CA (Tizim tests)/O=Tizim test');
    this.makeCa('intermediate', '/C=KZ/CN=TEST NCA (RSA) (Tizim tests)/O=Tizim test', 'root');
    this.makeCa('stranger-root', '/C=KZ/CN=STRANGER ROOT/O=Nobody');
    this.makeCa('stranger', '/C=KZ/CN=STRANGER CA/O=Nobody', 'stranger-root');
    writeFileSync(join(this.trustDir, 'root.pem'), readFileSync(this.path('root', 'crt')));
    writeFileSync(join(this.trustDir, 'intermediate.pem'), readFileSync(this.path('intermediate', 'crt')));
    // The TSA's certificate comes from the same root here; its trust list is the root alone.
    writeFileSync(join(this.tsaTrustDir, 'root.pem'), readFileSync(this.path('root', 'crt')));
    this.makeTsa();
    // The intermediate's index exists from the start: the OCSP responder reads it before any holder is made.
    this.caConfig('intermediate');
  }

  path(name: string, ext: 'crt' | 'key'): string {
    return join(this.dir, `${name}.${ext}`);
  }

  pem(name: string): string {
    return readFileSync(this.path(name, 'crt'), 'utf8');
  }

  private caConfig(ca: string): string {
    const home = join(this.dir, `${ca}-db`);
    const file = join(this.dir, `${ca}.cnf`);
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'index.txt'), '', { flag: 'a' });
    writeFileSync(join(home, 'index.txt.attr'), 'unique_subject = no\n');
    try {
      readFileSync(join(home, 'serial'));
    } catch {
      writeFileSync(join(home, 'serial'), `${(0x1000 + Math.floor(Math.random() * 0xe000)).toString(16)}01\n`);
    }
    writeFileSync(
      file,
      [
        '[ca]',
        'default_ca = this',
        '[this]',
        `database = ${home}/index.txt`,
        `new_certs_dir = ${home}`,
        `serial = ${home}/serial`,
        `certificate = ${this.path(ca, 'crt')}`,
        `private_key = ${this.path(ca, 'key')}`,
        'default_md = sha256',
        'default_crl_days = 1',
        'policy = any',
        'email_in_dn = no',
        'unique_subject = no',
        'copy_extensions = none',
        '[any]',
        'countryName = optional',
        'commonName = supplied',
        'surname = optional',
        'serialNumber = optional',
        'givenName = optional',
        'organizationName = optional',
        'organizationalUnitName = optional',
        '',
      ].join('\n'),
    );
    return file;
  }

  /** The index openssl ca keeps: what `openssl ocsp -index` answers from. */
  index(ca = 'intermediate'): string {
    return join(this.dir, `${ca}-db`, 'index.txt');
  }

  private makeCa(name: string, subject: string, parent?: string): void {
    run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', this.path(name, 'key')]);
    if (!parent) {
      run([
        'req', '-x509', '-new', '-key', this.path(name, 'key'), '-out', this.path(name, 'crt'), '-days', '30',
        '-utf8', '-subj', subject, '-sha256',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      ]); // prettier-ignore
      return;
    }
    const csr = join(this.dir, `${name}.csr`);
    const ext = join(this.dir, `${name}.ext`);
    run(['req', '-new', '-key', this.path(name, 'key'), '-out', csr, '-utf8', '-subj', subject]);
    writeFileSync(
      ext,
      '[v3]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
    );
    run([
      'ca', '-batch', '-config', this.caConfig(parent), '-in', csr, '-out', this.path(name, 'crt'), '-days', '30',
      '-extfile', ext, '-extensions', 'v3', '-notext', '-utf8', '-preserveDN',
    ]); // prettier-ignore
  }

  /** A holder's certificate: NCA-shaped subject, the EKUs asked for (an AUTH key by default). */
  holder(name: string, o: HolderOptions = {}): Holder {
    const iin = o.iin ?? TEST_IIN;
    const key = this.path(name, 'key');
    if (o.sameKeyAs) writeFileSync(key, readFileSync(o.sameKeyAs.key));
    else if (o.key === 'p256') run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    else run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
    const org = o.organisation ? `/O=${o.organisation.name}/OU=BIN${o.organisation.bin}` : '';
    const subject = `/C=KZ/CN=ТЕСТОВ АРМАН/SN=ТЕСТОВ/serialNumber=IIN${iin}/GN=ТЕСТОВИЧ${org}`;
    const csr = join(this.dir, `${name}.csr`);
    run(['req', '-new', '-key', key, '-out', csr, '-utf8', '-subj', subject]);
    const ext = join(this.dir, `${name}.ext`);
    const eku = o.eku ?? [AUTH_EKU, ROLE_INDIVIDUAL];
    const lines = [
      '[v3]',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,nonRepudiation',
      `extendedKeyUsage=${eku.join(',')}`,
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      'certificatePolicies=1.2.398.3.3.2.1',
    ];
    if (o.ocspUrl) lines.push(`authorityInfoAccess=OCSP;URI:${o.ocspUrl}`);
    writeFileSync(ext, lines.join('\n') + '\n');
    const issuer = o.issuer === 'stranger' ? 'stranger' : 'intermediate';
    const dates = [...(o.start ? ['-startdate', o.start] : []), ...(o.end ? ['-enddate', o.end] : ['-days', '10'])];
    run([
      'ca', '-batch', '-config', this.caConfig(issuer), '-in', csr, '-out', this.path(name, 'crt'),
      ...dates, '-extfile', ext, '-extensions', 'v3', '-notext', '-utf8', '-preserveDN',
    ]); // prettier-ignore
    return { name, cert: this.path(name, 'crt'), key, pem: this.pem(name) };
  }

  /**
   * The holder's key and certificate as a PKCS#12 key store (`openssl pkcs12 -export`), the form NCA
   * issues them in (AUTH_RSA256_….p12, RSA256_….p12), with the intermediate inside as NCA's files
   * carry their issuer. Returns the file's path.
   */
  p12(holder: Holder, password: string): string {
    const out = join(this.dir, `${holder.name}-${++this.n}.p12`);
    run([
      'pkcs12', '-export', '-in', holder.cert, '-inkey', holder.key, '-certfile', this.path('intermediate', 'crt'),
      '-name', holder.name, '-passout', `pass:${password}`, '-out', out,
    ]); // prettier-ignore
    return out;
  }

  revoke(holder: Holder): void {
    run(['ca', '-config', this.caConfig('intermediate'), '-revoke', holder.cert, '-crl_reason', 'keyCompromise']);
  }

  /** A CRL of the intermediate, DER. */
  crl(): Buffer {
    const out = join(this.dir, `crl-${++this.n}.pem`);
    run(['ca', '-gencrl', '-config', this.caConfig('intermediate'), '-out', out]);
    run(['crl', '-in', out, '-outform', 'DER', '-out', `${out}.der`]);
    return readFileSync(`${out}.der`);
  }

  /**
   * CMS SignedData by `openssl cms -sign` (RFC 5652): -binary so the bytes are signed as they are,
   * SHA-256, no S/MIME capabilities; the intermediate travels in the CMS as NCALayer's does.
   */
  sign(
    holder: Holder,
    content: Buffer,
    o: { detached?: boolean; keyid?: boolean; cades?: boolean; second?: Holder; chain?: string[] } = {},
  ): Buffer {
    const data = join(this.dir, `data-${++this.n}.bin`);
    const out = join(this.dir, `cms-${this.n}.der`);
    writeFileSync(data, content);
    const args = [
      'cms', '-sign', '-binary', '-md', 'sha256', '-nosmimecap', '-in', data, '-outform', 'DER', '-out', out,
      '-signer', holder.cert, '-inkey', holder.key,
    ]; // prettier-ignore
    const chain = join(this.dir, `chain-${this.n}.pem`);
    writeFileSync(chain, (o.chain ?? ['intermediate']).map((n) => this.pem(n)).join(''));
    args.push('-certfile', chain);
    if (o.second) args.push('-signer', o.second.cert, '-inkey', o.second.key);
    if (!o.detached) args.push('-nodetach');
    if (o.keyid) args.push('-keyid');
    // ESS signingCertificateV2 (RFC 5035) in the signed attributes, as CAdES-BES has it.
    if (o.cades) args.push('-cades');
    run(args);
    return readFileSync(out);
  }

  private makeTsa(): void {
    const key = this.path('tsa', 'key');
    run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
    const csr = join(this.dir, 'tsa.csr');
    run(['req', '-new', '-key', key, '-out', csr, '-utf8', '-subj', '/C=KZ/CN=TEST TSA (Tizim tests)']);
    const ext = join(this.dir, 'tsa.ext');
    writeFileSync(
      ext,
      '[v3]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
    );
    run([
      'ca', '-batch', '-config', this.caConfig('root'), '-in', csr, '-out', this.path('tsa', 'crt'), '-days', '30',
      '-extfile', ext, '-extensions', 'v3', '-notext', '-utf8',
    ]); // prettier-ignore
    writeFileSync(join(this.dir, 'tsa-serial'), '01\n');
    writeFileSync(
      join(this.dir, 'tsa.cnf'),
      [
        '[tsa]',
        'default_tsa = this',
        '[this]',
        `serial = ${join(this.dir, 'tsa-serial')}`,
        `signer_cert = ${this.path('tsa', 'crt')}`,
        `signer_key = ${this.path('tsa', 'key')}`,
        `certs = ${this.path('root', 'crt')}`,
        'signer_digest = sha256',
        'default_policy = 1.2.398.3.3.2.6.4',
        'digests = sha256',
        'accuracy = secs:1',
        'ess_cert_id_chain = no',
        'ess_cert_id_alg = sha256',
        '',
      ].join('\n'),
    );
  }

  /** `openssl ts -reply` for a DER TimeStampReq: the TSA stand-in's answer (RFC 3161 §2.4.2). */
  async tsReply(query: Buffer): Promise<Buffer> {
    const q = join(this.dir, `tsq-${++this.n}.der`);
    const r = join(this.dir, `tsr-${this.n}.der`);
    writeFileSync(q, query);
    await promisify(execFile)('openssl', [
      'ts', '-reply', '-config', join(this.dir, 'tsa.cnf'), '-queryfile', q, '-out', r,
    ]); // prettier-ignore
    return readFileSync(r);
  }

  /** A timestamp token over arbitrary bytes (not the signature): for the "does not cover" case. */
  tsTokenFor(bytes: Buffer): Buffer {
    const data = join(this.dir, `tsd-${++this.n}.bin`);
    const q = join(this.dir, `tsq-${this.n}.der`);
    const t = join(this.dir, `tst-${this.n}.der`);
    writeFileSync(data, bytes);
    run(['ts', '-query', '-data', data, '-sha256', '-cert', '-out', q]);
    run(['ts', '-reply', '-config', join(this.dir, 'tsa.cnf'), '-queryfile', q, '-token_out', '-out', t]);
    return readFileSync(t);
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** A local `openssl ocsp` responder over the intermediate's index (RFC 6960), signed by the CA itself. */
export class OcspResponder {
  private process?: ChildProcess;
  url = '';

  constructor(private readonly ca: NcaTestCa) {}

  /** Starts on `port` (pick it first with freePort when the certificates must name it). */
  async start(port?: number): Promise<string> {
    port ??= await freePort();
    const c = this.ca;
    this.process = spawn(
      'openssl',
      [
        'ocsp', '-index', c.index(), '-port', String(port), '-rsigner', c.path('intermediate', 'crt'),
        '-rkey', c.path('intermediate', 'key'), '-CA', c.path('intermediate', 'crt'), '-ignore_err',
      ], // prettier-ignore
      { stdio: 'ignore' },
    );
    this.url = `http://127.0.0.1:${port}`;
    // Wait until it answers: any HTTP answer to a GET will do.
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const req = request(this.url, { method: 'GET', timeout: 500 }, (res) => {
          res.resume();
          resolve(true);
        });
        req.on('error', () => resolve(false));
        req.on('timeout', () => {
          req.destroy();
          resolve(false);
        });
        req.end();
      });
      if (up) return this.url;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the openssl ocsp responder did not start');
  }

  async stop(): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }

  /**
   * OpenSSL 3.0's responder reads the CA's index once, at start: a certificate issued or revoked
   * afterwards is "unknown" to it until it starts again, on the same address.
   */
  async reload(): Promise<void> {
    const port = Number(new URL(this.url).port);
    await this.stop();
    await this.start(port);
  }
}

/** A local HTTP server: used for the TSA stand-in and for a responder that never answers. */
export async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Reads a request body whole. */
export async function body(req: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(Buffer.from(part as Buffer));
  return Buffer.concat(parts);
}

/**
 * The TSA stand-in (not NCA's TSA): answers application/timestamp-query by running `openssl ts
 * -reply` with the test CA's TSA certificate.
 */
export function tsaStandIn(ca: NcaTestCa): Promise<{ url: string; server: Server }> {
  return listen((req, res) => {
    void body(req)
      .then((query) => ca.tsReply(query))
      .then((reply) => {
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        res.end(reply);
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
}
