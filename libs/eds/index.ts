/**
 * Electronic digital signatures (EDS): signers' X.509 certificates and detached signature
 * verification (RSA and ECDSA with node:crypto; GOST 34.10 registered, not available yet). The
 * registry of certificates, which keeps them in the database, is libs/db/eds/registry.ts.
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
