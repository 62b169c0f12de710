/**
 * Electronic digital signatures (EDS): the registry of signers' X.509 certificates and detached
 * signature verification (RSA and ECDSA with node:crypto; GOST 34.10 registered, not available yet).
 */
export {
  CertificateProblem,
  MIN_RSA_BITS,
  parseCertificate,
  publicKeyAlgorithmOid,
  type KeyFamily,
  type ParsedCertificate,
} from './certificate';
export { canonicalJson, type CanonicalValue } from './canonical-json';
export {
  CertificateRegistry,
  CertificateRegistryError,
  certificateRef,
  type RegisterCertificateInput,
} from './registry';
export {
  DEFAULT_VERIFIERS,
  GOST_UNAVAILABLE,
  ecdsaVerifier,
  gostVerifier,
  rsaVerifier,
  type SignatureVerifier,
  type VerifierOutcome,
} from './verifiers';
export {
  SignatureVerification,
  decodeSignature,
  shortFingerprint,
  type CertificateLookup,
  type CertificateRecord,
  type RefusalCode,
  type SignerExpectation,
  type SignerRoleName,
  type Verdict,
} from './verify';
