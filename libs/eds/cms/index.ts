/**
 * CMS (PKCS#7) signatures as Kazakhstan signs them through NCALayer (issue 27): verified by the
 * built-in verifier (RSA, ECDSA) or by an NCANode server (GOST too), chosen by TIZIM_EDS_VERIFIER.
 */
import { BuiltinCmsVerifier } from './builtin';
import { NcaNodeCmsVerifier } from './ncanode';
import type { CmsSettings } from './settings';
import type { CmsVerifier } from './types';

export { BuiltinCmsVerifier, PURPOSE_EKU } from './builtin';
export { NcaNodeCmsVerifier, type NcaNodeAnswer, type NcaNodeCertificate } from './ncanode';
export { NCA_ROLES, readHolder } from './holder';
export { loadCertificates } from './pki';
export { checkRevocation } from './revocation';
export {
  CmsSettingsProblem,
  NCA_CRL_URL,
  NCA_OCSP_URL,
  NCA_TSA_URL,
  cmsSettingsFromEnv,
  type CmsSettings,
} from './settings';
export { SIGNATURE_TIMESTAMP_TOKEN, attachTimestamp, checkTimestampToken, stampCms, timestamp } from './timestamp';
export * from './types';

export function createCmsVerifier(settings: CmsSettings): CmsVerifier {
  return settings.verifier === 'ncanode' ? new NcaNodeCmsVerifier(settings) : new BuiltinCmsVerifier(settings);
}
