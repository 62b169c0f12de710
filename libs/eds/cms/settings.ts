/**
 * The settings of CMS verification, read in one place. Production defaults are NCA RK's public
 * services (addresses as NCA's own clients and NCANode use them; check them against pki.gov.kz
 * before a deployment):
 *  - OCSP responder: http://ocsp.pki.gov.kz (also named in NCA certificates' AIA)
 *  - TSA: http://tsp.pki.gov.kz (RFC 3161 over HTTP)
 *  - CRLs: http://crl.pki.gov.kz/nca_rsa.crl, http://crl.pki.gov.kz/nca_gost.crl (and the deltas
 *    http://crl1.pki.gov.kz/nca_d_rsa.crl …), named in the certificates' CRL distribution points
 *  - Root and intermediate certificates: published at https://pki.gov.kz (the "certificates" page:
 *    root_rsa.crt, nca_rsa.crt, root_gost.crt, nca_gost.crt …); an IT person copies the PEM files
 *    into TIZIM_EDS_TRUST_DIR.
 */
import type { NoAnswerPolicy } from './types';

export interface CmsSettings {
  verifier: 'builtin' | 'ncanode';
  /** Folder of PEM files: NCA RK's root and intermediate certificates. */
  trustDir: string;
  /** Folder of PEM files: the roots a TSA certificate must chain to. */
  tsaTrustDir: string;
  /** When set, asked instead of the OCSP address in the certificate's AIA. */
  ocspUrl?: string;
  /** When set, fetched instead of the certificate's CRL distribution point. */
  crlUrl?: string;
  /** Milliseconds to wait for an OCSP, CRL or TSA answer. */
  timeoutMs: number;
  /** When neither OCSP nor CRL answers: refuse the signature, or accept it and record 'unreachable'. */
  noAnswer: NoAnswerPolicy;
  tsaUrl: string;
  ncanodeUrl: string;
}

export const NCA_OCSP_URL = 'http://ocsp.pki.gov.kz';
export const NCA_TSA_URL = 'http://tsp.pki.gov.kz';
export const NCA_CRL_URL = 'http://crl.pki.gov.kz/nca_rsa.crl';

export class CmsSettingsProblem extends Error {
  override readonly name = 'CmsSettingsProblem';
}

/** Reads TIZIM_EDS_* variables; one error naming each bad one. */
export function cmsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): CmsSettings {
  const problems: string[] = [];
  const verifier = env.TIZIM_EDS_VERIFIER ?? 'builtin';
  if (verifier !== 'builtin' && verifier !== 'ncanode') problems.push('TIZIM_EDS_VERIFIER must be builtin or ncanode');
  const noAnswer = env.TIZIM_EDS_REVOCATION_NO_ANSWER ?? 'refuse';
  if (noAnswer !== 'refuse' && noAnswer !== 'accept')
    problems.push('TIZIM_EDS_REVOCATION_NO_ANSWER must be refuse or accept');
  const timeoutMs = Number(env.TIZIM_EDS_OCSP_TIMEOUT_MS ?? 5000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    problems.push('TIZIM_EDS_OCSP_TIMEOUT_MS must be a positive whole number of milliseconds');
  if (problems.length) throw new CmsSettingsProblem(problems.join('; '));
  return {
    verifier: verifier as CmsSettings['verifier'],
    trustDir: env.TIZIM_EDS_TRUST_DIR ?? '/etc/tizim/nca-roots',
    tsaTrustDir: env.TIZIM_EDS_TSA_TRUST_DIR ?? env.TIZIM_EDS_TRUST_DIR ?? '/etc/tizim/nca-roots',
    ocspUrl: env.TIZIM_EDS_OCSP_URL || undefined,
    crlUrl: env.TIZIM_EDS_CRL_URL || undefined,
    timeoutMs,
    noAnswer: noAnswer as NoAnswerPolicy,
    tsaUrl: env.TIZIM_EDS_TSA_URL ?? NCA_TSA_URL,
    ncanodeUrl: env.TIZIM_EDS_NCANODE_URL ?? 'http://127.0.0.1:14579',
  };
}
