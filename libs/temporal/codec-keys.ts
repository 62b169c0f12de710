/**
 * Keys of the payload codec. Written `id:base64,id:base64` in TIZIM_CODEC_KEYS; each key is 32
 * random bytes (AES-256). Old keys stay listed after a rotation so earlier histories still decode;
 * TIZIM_CODEC_ACTIVE_KEY names the one new payloads are sealed with.
 */
import { randomBytes } from 'node:crypto';

export interface CodecKey {
  id: string;
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function parseCodecKeys(raw: string): CodecKey[] {
  const keys: CodecKey[] = [];
  for (const [i, part] of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .entries()) {
    const sep = part.indexOf(':');
    if (sep <= 0) throw new Error(`entry ${i + 1} is not "id:base64key"`);
    const id = part.slice(0, sep);
    if (!KEY_ID.test(id))
      throw new Error(`entry ${i + 1}: key id "${id}" may use letters, digits, '.', '_' and '-' only`);
    const key = Buffer.from(part.slice(sep + 1), 'base64');
    if (key.length !== 32)
      throw new Error(`key "${id}" is ${key.length} bytes after base64 decoding; AES-256 needs 32`);
    if (keys.some((k) => k.id === id)) throw new Error(`key id "${id}" is listed twice`);
    keys.push({ id, key });
  }
  if (!keys.length) throw new Error('no keys listed');
  return keys;
}

/** A fresh key entry for TIZIM_CODEC_KEYS, e.g. for a local stack or a rotation. */
export function generateCodecKey(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
