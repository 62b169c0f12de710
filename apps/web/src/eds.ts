/**
 * EDS in the browser: a PKCS#8 PEM key file the official chooses signs a text with WebCrypto; the
 * key never leaves the computer (no upload, not even to the console's own server). The certificate
 * file names the official's registered certificate by its SHA-256 fingerprint, which the registry
 * accepts in place of its id. Used by the precinct member's sign-in and the migration officer's
 * approval of an ID-card application.
 */

function pemBytes(pem: string): ArrayBuffer {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
  return bytes.buffer;
}

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const base64 = (buf: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(buf)));

/** SHA-256 of UTF-8 text, lower-case hex (as the API gives approval.json's `sha256`). */
export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** The registry's fingerprint of a PEM certificate: SHA-256 of its DER, lower-case hex. */
export async function certificateFingerprint(pem: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', pemBytes(pem)));
}

/**
 * Signs the UTF-8 bytes of `text` with a PKCS#8 key: ECDSA P-256/P-384 (SHA-256/384) or RSA
 * PKCS#1 v1.5 (SHA-256). Returns base64 of the raw signature bytes, as the API takes it.
 */
export async function signWithKeyFile(pem: string, text: string): Promise<string> {
  const der = pemBytes(pem);
  const data = new TextEncoder().encode(text);
  for (const [curve, hash] of [
    ['P-256', 'SHA-256'],
    ['P-384', 'SHA-384'],
  ] as const) {
    try {
      const key = await crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: curve }, false, ['sign']);
      return base64(await crypto.subtle.sign({ name: 'ECDSA', hash }, key, data));
    } catch {
      // not a key of this curve
    }
  }
  const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return base64(await crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, key, data));
}
