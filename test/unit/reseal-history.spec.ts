/**
 * Retiring a codec key (README, "Secrets and rotation"): an exported workflow history sealed with
 * the old key is sealed again under the active one, every payload, so the old key can be removed
 * and the history still opens (and replays) with the new key alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AesGcmPayloadCodec, KEY_ID_METADATA } from '../../libs/temporal/codec';
import { generateCodecKey, parseCodecKeys } from '../../libs/temporal/codec-keys';
import { resealHistory } from '../../libs/temporal/reseal';
import { ROOT } from '../../scripts/lib/paths';

/** The key test/replay/histories were recorded with (test/workflows/replay.spec.ts). */
const OLD = 'replay-1:yDtLlxN1qS4nY1ug2mhGUhulKf41rys7qPs3rWsqhUQ=';
const NEW = generateCodecKey('k2');

interface JsonPayload {
  metadata: Record<string, string>;
  data?: string;
}

/** Every payload of a history in the CLI's JSON (an object with metadata.encoding). */
function payloads(node: unknown, out: JsonPayload[] = []): JsonPayload[] {
  if (Array.isArray(node)) for (const item of node) payloads(item, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.metadata && typeof (o.metadata as Record<string, unknown>).encoding === 'string')
      out.push(o as unknown as JsonPayload);
    else for (const v of Object.values(o)) payloads(v, out);
  }
  return out;
}

const toPayload = (p: JsonPayload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

it('seals every payload of an exported history again under the active key, the plaintext unchanged', async () => {
  const file = join(ROOT, 'test', 'replay', 'histories', 'district-cycle-late-send-back.json');
  const history = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const before = payloads(history);
  expect(before.length).toBeGreaterThan(10);

  const both = new AesGcmPayloadCodec(parseCodecKeys(`${OLD},${NEW}`), 'k2');
  const { history: resealed, resealed: count } = await resealHistory(history, both);
  const after = payloads(resealed);
  expect(count).toBe(
    before.filter((p) => Buffer.from(p.metadata.encoding!, 'base64').toString() === 'binary/encrypted').length,
  );
  expect(after.map((p) => Buffer.from(p.metadata[KEY_ID_METADATA] ?? '', 'base64').toString())).toEqual(
    before.map((p) => (p.metadata[KEY_ID_METADATA] ? 'k2' : '')),
  );

  // The new key alone opens it, to the same plaintext the old key opened.
  const oldOnly = new AesGcmPayloadCodec(parseCodecKeys(OLD), 'replay-1');
  const newOnly = new AesGcmPayloadCodec(parseCodecKeys(NEW), 'k2');
  expect(await newOnly.decode(after.map(toPayload))).toEqual(await oldOnly.decode(before.map(toPayload)));
  await expect(oldOnly.decode(after.slice(0, 1).map(toPayload))).rejects.toThrow('sealed with key "k2"');
});
