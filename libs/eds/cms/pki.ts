/**
 * What the CMS verifier shares: pkijs with node's WebCrypto, reading certificates both ways
 * (pkijs for the fields, node:crypto's X509Certificate for the path checks), trust lists from PEM
 * folders, and a small HTTP POST with a timeout for OCSP, CRL and TSA.
 */
import { X509Certificate, webcrypto } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** One engine, node's WebCrypto, passed to each pkijs call (no global engine is set). */
export const engine = new pkijs.CryptoEngine({
  name: 'node',
  crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
});

export const bytes = (v: ArrayBuffer | Uint8Array): Buffer =>
  v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.from(v);

/** The DER of a pkijs certificate, and the node:crypto view of it. */
/** The DER as received: toSchema() without re-encoding keeps the signed TBS bytes exactly. */
export const derOf = (c: pkijs.Certificate): Buffer => bytes(c.toSchema().toBER(false));
export const x509Of = (c: pkijs.Certificate): X509Certificate => new X509Certificate(derOf(c));
export const pkijsOf = (c: X509Certificate): pkijs.Certificate => pkijs.Certificate.fromBER(c.raw);

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every certificate in the .pem/.crt/.cer files of a folder (PEM; a DER file is read too). */
export function loadCertificates(dir: string): X509Certificate[] {
  const out: X509Certificate[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.filter((n) => /\.(pem|crt|cer)$/i.test(n)).sort()) {
    const raw = readFileSync(join(dir, name));
    const blocks = raw.toString('latin1').match(PEM_BLOCK);
    for (const block of blocks ?? [raw]) {
      try {
        out.push(new X509Certificate(block));
      } catch {
        // Not a certificate: a stray file in the folder is skipped, not fatal.
      }
    }
  }
  return out;
}

/** The bytes of an OCTET STRING, primitive or constructed (BER allows either for eContent). */
export function octets(value: asn1js.OctetString): Buffer {
  if (!value.idBlock.isConstructed) return bytes(value.valueBlock.valueHexView);
  return Buffer.concat((value.valueBlock.value as asn1js.OctetString[]).map((part) => octets(part)));
}

export class HttpSilence extends Error {
  override readonly name = 'HttpSilence';
}

/** POST with a timeout; any network failure, timeout or non-2xx answer is silence. */
export async function post(url: string, body: Buffer, type: string, timeoutMs: number): Promise<Buffer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': type },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new HttpSilence(`answered HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  } catch (e) {
    throw e instanceof HttpSilence ? e : new HttpSilence('did not answer in time');
  }
}

export async function get(url: string, timeoutMs: number): Promise<Buffer> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new HttpSilence(`answered HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  } catch (e) {
    throw e instanceof HttpSilence ? e : new HttpSilence('did not answer in time');
  }
}

/** Node's hash name for a digest OID, for the algorithms the verifier accepts. */
export const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
