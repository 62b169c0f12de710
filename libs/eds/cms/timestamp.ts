/**
 * RFC 3161 trusted timestamps: checking the signatureTimeStampToken a signer's unsigned attributes
 * carry (id-aa-signatureTimeStampToken, RFC 3161 Appendix A: its messageImprint is the hash of the
 * SignerInfo's signature value), and asking a TSA for one so the server can stamp an act it accepted.
 */
import { createHash, randomBytes, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { buildPath } from './chain';
import { bytes, engine, HASHES, octets, post, x509Of } from './pki';
import type { CmsTimestampInfo } from './types';

export const SIGNATURE_TIMESTAMP_TOKEN = '1.2.840.113549.1.9.16.2.14';
const TST_INFO = '1.2.840.113549.1.9.16.1.4';
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';
const SHA256 = '2.16.840.1.101.3.4.2.1';

export type TimestampOutcome = { ok: true; info: CmsTimestampInfo } | { ok: false; reason: string };

const cnOf = (c: X509Certificate): string => /CN=([^\n]*)/.exec(c.subject)?.[1] ?? c.subject.replace(/\n/g, ', ');

/** Checks a timestamp token (ContentInfo DER or schema) against the bytes it must cover. */
export async function checkTimestampToken(
  token: asn1js.AsnType | Buffer,
  signatureValue: Buffer,
  tsaRoots: X509Certificate[],
): Promise<TimestampOutcome> {
  let signed: pkijs.SignedData;
  let tst: pkijs.TSTInfo;
  try {
    const info = token instanceof Buffer ? pkijs.ContentInfo.fromBER(token) : new pkijs.ContentInfo({ schema: token });
    signed = new pkijs.SignedData({ schema: info.content });
    const content = signed.encapContentInfo.eContent;
    if (signed.encapContentInfo.eContentType !== TST_INFO || !content) throw new Error('not a TSTInfo');
    tst = pkijs.TSTInfo.fromBER(octets(content));
  } catch {
    return { ok: false, reason: 'The timestamp is not a readable RFC 3161 token' };
  }
  const hash = HASHES[tst.messageImprint.hashAlgorithm.algorithmId];
  if (!hash) return { ok: false, reason: 'The timestamp uses a hash algorithm the server does not accept' };
  const expected = createHash(hash).update(signatureValue).digest();
  if (!expected.equals(bytes(tst.messageImprint.hashedMessage.valueBlock.valueHexView)))
    return { ok: false, reason: 'The timestamp does not cover this signature: it was made for other bytes' };
  let tsaCert: X509Certificate;
  try {
    // For a TSTInfo, pkijs takes as `data` the bytes the timestamp covers and checks the imprint too.
    const data = signatureValue.buffer.slice(
      signatureValue.byteOffset,
      signatureValue.byteOffset + signatureValue.length,
    ) as ArrayBuffer;
    const result = await signed.verify({ signer: 0, data, checkChain: false, extendedMode: true }, engine);
    if (!result.signatureVerified || !result.signerCertificate) throw new Error('no');
    tsaCert = x509Of(result.signerCertificate);
  } catch {
    return { ok: false, reason: "The timestamp's own signature does not verify" };
  }
  const pool = (signed.certificates ?? []).filter((c) => c instanceof pkijs.Certificate).map((c) => x509Of(c));
  const path = buildPath(tsaCert, pool, tsaRoots, tst.genTime);
  if (!path.ok) return { ok: false, reason: `The timestamp authority is not trusted: ${path.reason}` };
  if (!(tsaCert.keyUsage ?? []).includes(TIME_STAMPING))
    return { ok: false, reason: "The timestamp authority's certificate is not one for timestamping" };
  if (tst.genTime < new Date(tsaCert.validFrom) || tst.genTime > new Date(tsaCert.validTo))
    return { ok: false, reason: "The timestamp was made outside its authority certificate's validity" };
  return {
    ok: true,
    info: {
      time: tst.genTime,
      tsaName: cnOf(tsaCert),
      serial: Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex').toUpperCase(),
    },
  };
}

/**
 * Asks the TSA for a token over `signatureValue` (RFC 3161 §3.4: HTTP POST of
 * application/timestamp-query) and checks it as a signer's would be checked, against the TSA
 * roots; returns the token (ContentInfo, DER). Throws in plain words.
 */
export async function timestamp(
  signatureValue: Buffer,
  tsa: { url: string; timeoutMs: number; roots: X509Certificate[] },
): Promise<Buffer> {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0]! & 0x7f) | 0x01; // a positive INTEGER without a leading zero byte
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: createHash('sha256').update(signatureValue).digest() }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce }),
    certReq: true,
  });
  const raw = await post(
    tsa.url,
    Buffer.from(request.toSchema().toBER(false)),
    'application/timestamp-query',
    tsa.timeoutMs,
  );
  let response: pkijs.TimeStampResp;
  try {
    response = pkijs.TimeStampResp.fromBER(raw);
  } catch {
    throw new Error('The timestamp authority answered something that is not an RFC 3161 response');
  }
  // RFC 3161 §2.4.2: granted (0) or grantedWithMods (1) carry a token.
  if (response.status.status > 1 || !response.timeStampToken)
    throw new Error(`The timestamp authority refused the request (status ${response.status.status})`);
  const token = Buffer.from(response.timeStampToken.toSchema().toBER(false));
  const checked = await checkTimestampToken(token, signatureValue, tsa.roots);
  if (!checked.ok) throw new Error(checked.reason);
  return token;
}

/** The CMS with `token` added as the signer's signatureTimeStampToken (an unsigned attribute). */
export function attachTimestamp(cms: Buffer, token: Buffer): Buffer {
  const info = pkijs.ContentInfo.fromBER(cms);
  const signed = new pkijs.SignedData({ schema: info.content });
  const signer = signed.signerInfos[0];
  if (!signer) throw new Error('The CMS has no signer to timestamp');
  const attribute = new pkijs.Attribute({
    type: SIGNATURE_TIMESTAMP_TOKEN,
    values: [pkijs.ContentInfo.fromBER(token).toSchema()],
  });
  const others = signer.unsignedAttrs?.attributes.filter((a) => a.type !== SIGNATURE_TIMESTAMP_TOKEN) ?? [];
  signer.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [...others, attribute] });
  const out = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signed.toSchema(true) });
  return Buffer.from(out.toSchema().toBER(false));
}

/**
 * The server's stamp on a signature it accepted (issue 27: acts and approvals carry a trusted
 * timestamp): a token over the signer's signature value from the configured TSA, checked, and
 * attached to the CMS. A CMS that already carries one (NCALayer's tsaProfile) is returned as it is,
 * the verifier having checked that token.
 */
export async function stampCms(
  cms: Buffer,
  tsa: { url: string; timeoutMs: number; roots: X509Certificate[] },
): Promise<{ cms: Buffer; info: CmsTimestampInfo }> {
  const info = pkijs.ContentInfo.fromBER(cms);
  const signer = new pkijs.SignedData({ schema: info.content }).signerInfos[0];
  if (!signer) throw new Error('The CMS has no signer to timestamp');
  const value = bytes(signer.signature.valueBlock.valueHexView);
  const present = signer.unsignedAttrs?.attributes.find((a) => a.type === SIGNATURE_TIMESTAMP_TOKEN);
  if (present) {
    const checked = await checkTimestampToken(present.values[0] as asn1js.AsnType, value, tsa.roots);
    if (!checked.ok) throw new Error(checked.reason);
    return { cms, info: checked.info };
  }
  const token = await timestamp(value, tsa);
  const checked = await checkTimestampToken(token, value, tsa.roots);
  if (!checked.ok) throw new Error(checked.reason);
  return { cms: attachTimestamp(cms, token), info: checked.info };
}
