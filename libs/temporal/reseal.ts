/**
 * Seals an exported workflow history (the Temporal CLI's JSON, `temporal workflow show -o json`,
 * or the API's raw export) again under the codec's active key, so an old codec key can be retired
 * (README, "Secrets and rotation"). Only payloads the codec sealed are touched; search attributes
 * and other plain payloads stay as they are. Temporal's own stored histories are immutable: this
 * is for the copies kept outside it (test/replay/histories, exports kept for replay).
 */
import type { Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING, type AesGcmPayloadCodec } from './codec';

interface JsonPayload {
  metadata: Record<string, string>;
  data?: string;
}

const isSealed = (node: Record<string, unknown>): node is Record<string, unknown> & JsonPayload => {
  const metadata = node.metadata as Record<string, unknown> | undefined;
  return (
    typeof metadata?.encoding === 'string' &&
    Buffer.from(metadata.encoding, 'base64').toString('utf8') === ENCRYPTED_ENCODING
  );
};

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/** A copy of `history` with every sealed payload opened and sealed again by `codec`'s active key. */
export async function resealHistory(
  history: unknown,
  codec: AesGcmPayloadCodec,
): Promise<{ history: unknown; resealed: number }> {
  let resealed = 0;
  const walk = async (node: unknown): Promise<unknown> => {
    if (Array.isArray(node)) return Promise.all(node.map(walk));
    if (!node || typeof node !== 'object') return node;
    const o = node as Record<string, unknown>;
    if (isSealed(o)) {
      const [plain] = await codec.decode([fromJson(o)]);
      const [sealed] = await codec.encode([plain!]);
      resealed += 1;
      return { ...o, ...toJson(sealed!) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = await walk(v);
    return out;
  };
  return { history: await walk(history), resealed };
}
