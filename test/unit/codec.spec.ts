import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../libs/temporal/codec';
import { generateCodecKey, parseCodecKeys } from '../../libs/temporal/codec-keys';

const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');
const IIN = '980109050588';

describe('AES-256-GCM payload codec', () => {
  const [k1, k2] = parseCodecKeys(`${generateCodecKey('k1')},${generateCodecKey('k2')}`);

  it('seals a payload so the plaintext is not in it, and opens it again', async () => {
    const codec = new AesGcmPayloadCodec([k1], 'k1');
    const original = defaultPayloadConverter.toPayload({ checkId: 'c-1', iin: IIN });
    const [sealed] = await codec.encode([original]);
    expect(text(sealed.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Buffer.from(sealed.data!).includes(Buffer.from(IIN))).toBe(false);
    const [opened] = await codec.decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual({ checkId: 'c-1', iin: IIN });
  });

  it('uses a fresh IV each time: the same value seals differently', async () => {
    const codec = new AesGcmPayloadCodec([k1], 'k1');
    const p = defaultPayloadConverter.toPayload(IIN);
    const [a, b] = await codec.encode([p, p]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('rotates: payloads sealed with an old key still open once a new key is active', async () => {
    const [sealedWithK1] = await new AesGcmPayloadCodec([k1], 'k1').encode([defaultPayloadConverter.toPayload(IIN)]);
    const rotated = new AesGcmPayloadCodec([k1, k2], 'k2');
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload(IIN)]);
    expect(text(fresh.metadata?.[KEY_ID_METADATA])).toBe('k2');
    const [opened] = await rotated.decode([sealedWithK1]);
    expect(defaultPayloadConverter.fromPayload(opened)).toBe(IIN);
  });

  it('names the missing key when a payload was sealed with a key no longer listed', async () => {
    const [sealed] = await new AesGcmPayloadCodec([k1], 'k1').encode([defaultPayloadConverter.toPayload(IIN)]);
    await expect(new AesGcmPayloadCodec([k2], 'k2').decode([sealed])).rejects.toThrow('sealed with key "k1"');
  });

  it('refuses a tampered payload (GCM authentication)', async () => {
    const codec = new AesGcmPayloadCodec([k1], 'k1');
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(IIN)]);
    const data = Buffer.from(sealed.data!);
    data[20] ^= 0x01;
    await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow();
  });

  it('refuses a payload that was never sealed: only our client and worker may speak to a workflow', async () => {
    // Whoever reaches Temporal without the key could otherwise send plain JSON (issue 24).
    const plain = defaultPayloadConverter.toPayload({ taskId: 't-1' });
    await expect(new AesGcmPayloadCodec([k1], 'k1').decode([plain])).rejects.toThrow(
      'payload codec: refused a payload that is not sealed (its encoding is "json/plain", not "binary/encrypted")',
    );
    await expect(new AesGcmPayloadCodec([k1], 'k1').decode([{ data: new Uint8Array() }])).rejects.toThrow(
      'its encoding is "(none)"',
    );
  });

  it('validates the key list', () => {
    expect(() => parseCodecKeys('k1:c2hvcnQ=')).toThrow('AES-256 needs 32');
    expect(() => parseCodecKeys(`${generateCodecKey('a')},${generateCodecKey('a')}`)).toThrow('listed twice');
    expect(() => parseCodecKeys('nokey')).toThrow('is not "id:base64key"');
  });
});
