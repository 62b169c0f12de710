/**
 * Revocation of the signer's certificate: OCSP first (RFC 6960: a request for the certificate's
 * CertID, POSTed as application/ocsp-request, the answer's signature checked and its responder
 * authorised by the issuer, §4.2.2.2), then the CRL (RFC 5280 §5, signed by the issuer) when the
 * responder is silent. When neither answers, the policy decides; the check is returned either way.
 */
import { randomBytes, type X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { engine, get, post, pkijsOf } from './pki';
import type { CmsSettings } from './settings';
import type { RevocationCheck } from './types';

const CRL_DP = '2.5.29.31';
const OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
/** Clocks differ: an answer dated this far ahead of ours is still taken. */
const SKEW_MS = 5 * 60_000;

function crlUrlOf(cert: pkijs.Certificate): string | undefined {
  const dp = cert.extensions?.find((e) => e.extnID === CRL_DP)?.parsedValue as pkijs.CRLDistributionPoints | undefined;
  for (const point of dp?.distributionPoints ?? []) {
    const names = Array.isArray(point.distributionPoint) ? point.distributionPoint : [];
    const uri = names.find((n) => n.type === 6 && typeof n.value === 'string');
    if (uri) return uri.value as string;
  }
  return undefined;
}

/** node:crypto prints AIA as "OCSP - URI:http://…" lines. */
const ocspUrlOf = (cert: X509Certificate): string | undefined => /OCSP - URI:(\S+)/.exec(cert.infoAccess ?? '')?.[1];

type Answer = Pick<RevocationCheck, 'status' | 'revokedAt'>;

async function askOcsp(
  url: string,
  cert: pkijs.Certificate,
  issuer: pkijs.Certificate,
  trusted: pkijs.Certificate[],
  timeoutMs: number,
): Promise<Answer | null> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(cert, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer }, engine);
  // RFC 6960 §4.4.1 (and RFC 8954): a nonce, so an old answer replayed cannot pass for this one.
  const nonceDer = new asn1js.OctetString({ valueHex: randomBytes(16) }).toBER(false);
  const nonce = Buffer.from(nonceDer);
  request.tbsRequest.requestExtensions = [new pkijs.Extension({ extnID: OCSP_NONCE, extnValue: nonceDer })];
  let raw: Buffer;
  try {
    raw = await post(url, Buffer.from(request.toSchema(true).toBER(false)), 'application/ocsp-request', timeoutMs);
  } catch {
    return null;
  }
  let basic: pkijs.BasicOCSPResponse;
  try {
    const response = pkijs.OCSPResponse.fromBER(raw);
    // RFC 6960 §4.2.1: only "successful" (0) carries an answer; tryLater and the errors are silence.
    if (response.responseStatus.valueBlock.valueDec !== 0 || !response.responseBytes) return null;
    basic = pkijs.BasicOCSPResponse.fromBER(response.responseBytes.response.valueBlock.valueHexView);
  } catch {
    return null;
  }
  // An answer whose signature or responder does not check out says nothing: "unknown".
  try {
    if (!(await basic.verify({ trustedCerts: trusted, issuerCerts: [issuer] }, engine))) return { status: 'unknown' };
  } catch {
    return { status: 'unknown' };
  }
  // A responder may leave the nonce out (RFC 8954 §2.1); a different one means another request's answer.
  const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OCSP_NONCE);
  if (echoed && !Buffer.from(echoed.extnValue.valueBlock.valueHexView).equals(nonce)) return { status: 'unknown' };
  // RFC 6960 §4.2.2.1: an answer not yet current, or past its nextUpdate, says nothing now.
  const now = Date.now();
  const stale = basic.tbsResponseData.responses.some(
    (r) => r.thisUpdate.getTime() > now + SKEW_MS || (r.nextUpdate && r.nextUpdate.getTime() < now - SKEW_MS),
  );
  if (stale) return { status: 'unknown' };
  const { isForCertificate, status } = await basic.getCertificateStatus(cert, issuer, engine);
  if (!isForCertificate) return { status: 'unknown' };
  if (status === 0) return { status: 'good' };
  if (status === 1) {
    const single = basic.tbsResponseData.responses[0];
    const info = single?.certStatus as { valueBlock?: { value?: { toDate?: () => Date }[] } } | undefined;
    const revokedAt = info?.valueBlock?.value?.[0]?.toDate?.();
    return { status: 'revoked', ...(revokedAt ? { revokedAt } : {}) };
  }
  return { status: 'unknown' };
}

async function askCrl(url: string, cert: pkijs.Certificate, issuer: pkijs.Certificate, timeoutMs: number) {
  let raw: Buffer;
  try {
    raw = await get(url, timeoutMs);
  } catch {
    return null;
  }
  try {
    const text = raw.toString('latin1');
    const der = text.includes('-----BEGIN X509 CRL-----')
      ? Buffer.from(text.replace(/-----[A-Z0-9 ]+-----|\s/g, ''), 'base64')
      : raw;
    const crl = pkijs.CertificateRevocationList.fromBER(der);
    if (!(await crl.verify({ issuerCertificate: issuer }, engine))) return { status: 'unknown' as const };
    // A CRL past its nextUpdate is stale (RFC 5280 §5.1.2.5): as good as no answer.
    if (crl.nextUpdate && crl.nextUpdate.value.getTime() < Date.now() - SKEW_MS) return null;
    if (!crl.isCertificateRevoked(cert)) return { status: 'good' as const };
    const serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex');
    const entry = crl.revokedCertificates?.find(
      (r) => Buffer.from(r.userCertificate.valueBlock.valueHexView).toString('hex') === serial,
    );
    return { status: 'revoked' as const, revokedAt: entry?.revocationDate.value };
  } catch {
    return null;
  }
}

export async function checkRevocation(
  leaf: X509Certificate,
  issuer: X509Certificate,
  trusted: X509Certificate[],
  settings: Pick<CmsSettings, 'ocspUrl' | 'crlUrl' | 'timeoutMs' | 'noAnswer'>,
): Promise<RevocationCheck> {
  const cert = pkijsOf(leaf);
  const issuerCert = pkijsOf(issuer);
  const policy = settings.noAnswer;
  const ocspUrl = settings.ocspUrl ?? ocspUrlOf(leaf);
  if (ocspUrl) {
    const answer = await askOcsp(ocspUrl, cert, issuerCert, trusted.map(pkijsOf), settings.timeoutMs);
    if (answer) return { method: 'ocsp', ...answer, checkedAt: new Date(), responder: ocspUrl, policy };
  }
  const crlUrl = settings.crlUrl ?? crlUrlOf(cert);
  if (crlUrl) {
    const answer = await askCrl(crlUrl, cert, issuerCert, settings.timeoutMs);
    if (answer) return { method: 'crl', ...answer, checkedAt: new Date(), responder: crlUrl, policy };
  }
  return {
    method: ocspUrl ? 'ocsp' : crlUrl ? 'crl' : 'none',
    status: 'unreachable',
    checkedAt: new Date(),
    responder: [ocspUrl, crlUrl].filter(Boolean).join(', ') || 'none configured',
    policy,
  };
}
