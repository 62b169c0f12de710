/**
 * Temporal payload codec: AES-256-GCM over each whole payload.
 *
 * Workflow inputs, results, signals, updates, queries and (with encodeCommonAttributes) failure
 * messages pass through here on the client and the worker, so the Temporal server, its database
 * and its Web UI only ever hold ciphertext. Personal data (IIN, names, addresses) therefore never
 * lies in workflow history in the clear.
 *
 * Wire format of an encoded payload:
 *   metadata.encoding           = "binary/encrypted"
 *   metadata["encryption-key-id"] = the id of the key that sealed it (so keys can rotate)
 *   data                        = 12-byte IV | ciphertext | 16-byte GCM tag
 * The plaintext is the original Payload serialised as protobuf, metadata included.
 *
 * Decoding refuses any payload that is not sealed (issue 24): whoever reaches the Temporal frontend
 * without the key could otherwise start a workflow, or send it an Update or a signal, in plain
 * JSON. The refusal fails the worker's workflow task, so nothing of the message takes effect (an
 * Update is never accepted; a signal leaves the workflow stuck on that task until an operator
 * resets it to before the signal, which is the lesser harm). Nothing legitimate is unsealed: our
 * client and worker seal every payload they write (inputs, results, Updates, signals, queries,
 * heartbeats, failure messages); search attributes and the SDK's patch markers never pass
 * through a codec; the committed replay histories are sealed throughout.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  METADATA_ENCODING_KEY,
  ValueError,
  type DataConverter,
  type Payload,
  type PayloadCodec,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CodecKey } from './codec-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;
  private readonly active: CodecKey;

  constructor(keys: CodecKey[], activeKeyId: string) {
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
    const active = keys.find((k) => k.id === activeKeyId);
    if (!active) throw new ValueError(`payload codec: no key with id "${activeKeyId}"`);
    this.active = active;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.active.key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: utf8.encode(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: utf8.encode(this.active.id),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      const encodingName = encoding ? fromUtf8.decode(encoding) : '(none)';
      if (encodingName !== ENCRYPTED_ENCODING) {
        throw new ValueError(
          `payload codec: refused a payload that is not sealed (its encoding is "${encodingName}", not "${ENCRYPTED_ENCODING}"): ` +
            'only a client or worker holding TIZIM_CODEC_KEYS may send payloads',
        );
      }
      const rawId = payload.metadata?.[KEY_ID_METADATA];
      const keyId = rawId ? fromUtf8.decode(rawId) : '';
      const key = this.keys.get(keyId);
      if (!key) {
        throw new ValueError(
          `payload codec: the payload was sealed with key "${keyId}", which TIZIM_CODEC_KEYS does not list`,
        );
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('payload codec: encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** Module path of the failure converter, for DataConverter and bundleWorkflowCode alike. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The data converter shared by the client (API) and the worker: every payload sealed, and failure
 * messages moved into the sealed part (see failure-converter.ts).
 */
export function tizimDataConverter(keys: CodecKey[], activeKeyId: string): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys, activeKeyId)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
