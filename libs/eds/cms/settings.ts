/**
 * The settings of CMS verification, read in one place. Production defaults are NCA RK's public
 * services. The addresses below are those written in NCA certificates' own AIA and CRL
 * distribution point extensions and used as defaults by NCANode and Kalkan clients (seen in their
 * public sources, December 2026); check them against https://pki.gov.kz before a deployment:
 *  - OCSP responder: http://ocsp.pki.gov.kz (the AIA of NCA certificates names it too)
 *  - TSA: http://tsp.pki.gov.kz (RFC 3161 over HTTP, port 80)
 *  - CRLs: http://crl.pki.gov.kz/nca_rsa.crl and …/nca_gost.crl, deltas …/nca_d_rsa.crl and
 *    …/nca_d_gost.crl (also https://, and the mirror crl1.pki.gov.kz), named in the certificates'
 *    CRL distribution points, which the verifier reads when TIZIM_EDS_CRL_URL is unset
 *  - Root and intermediate certificates: https://pki.gov.kz/cert/ (root_rsa.crt, root_rsa_2020.cer,
 *    root_gost.crt, root_gost2015_2022.cer, nca_rsa.crt, nca_gost.crt …); an IT person converts
 *    them to PEM if needed (openssl x509 -inform DER) and copies them into TIZIM_EDS_TRUST_DIR
 *  - NCANode listens on port 14579 by default.
 * The tests never reach these: they run a local test CA, openssl ocsp and a TSA stand-in.
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
