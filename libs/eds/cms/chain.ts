/**
 * Certification path building and checking, simplified from RFC 5280 §6: from the signer up, each
 * certificate issued (names match, signature verifies) by the next, every CA certificate a CA
 * (basicConstraints) valid at the moment judged, ending at a certificate of the trust list. Issuers
 * are looked for in the certificates the CMS carries and the configured ones.
 */
import type { X509Certificate } from 'node:crypto';

export type PathOutcome =
  | { ok: true; path: X509Certificate[] }
  | { ok: false; code: 'unknown-issuer' | 'untrusted-root' | 'expired' | 'not-yet-valid'; reason: string };

const issuedBy = (child: X509Certificate, parent: X509Certificate): boolean => {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
};

const cnOf = (c: X509Certificate): string => /CN=([^\n]*)/.exec(c.subject)?.[1] ?? 'no name';

export function buildPath(
  leaf: X509Certificate,
  pool: X509Certificate[],
  trusted: X509Certificate[],
  at: Date,
): PathOutcome {
  const isTrusted = (c: X509Certificate) => trusted.some((t) => t.fingerprint256 === c.fingerprint256);
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    if (depth > 0 && isTrusted(current)) return { ok: true, path };
    const root = trusted.find((t) => issuedBy(current, t));
    const next =
      root ??
      pool.find((c) => c.ca && !path.some((p) => p.fingerprint256 === c.fingerprint256) && issuedBy(current, c));
    if (!next) {
      if (depth === 0)
        return {
          ok: false,
          code: 'unknown-issuer',
          reason: 'The certificate was issued by a certification authority the server does not know',
        };
      return {
        ok: false,
        code: 'untrusted-root',
        reason: issuedBy(current, current)
          ? `The certificate chain ends at "${cnOf(current)}", a root that is not among the trusted roots`
          : `The certificate chain stops at "${cnOf(current)}" and does not reach a trusted root`,
      };
    }
    if (!next.ca)
      return { ok: false, code: 'unknown-issuer', reason: `"${cnOf(next)}" is not a certification authority` };
    if (at < new Date(next.validFrom))
      return {
        ok: false,
        code: 'not-yet-valid',
        reason: `The issuing authority's certificate "${cnOf(next)}" was not yet valid at ${at.toISOString()}`,
      };
    if (at > new Date(next.validTo))
      return {
        ok: false,
        code: 'expired',
        reason: `The issuing authority's certificate "${cnOf(next)}" had expired at ${at.toISOString()}`,
      };
    path.push(next);
    if (root) return { ok: true, path };
    current = next;
  }
  return { ok: false, code: 'untrusted-root', reason: 'The certificate chain is too long to reach a trusted root' };
}
