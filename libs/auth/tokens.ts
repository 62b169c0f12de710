/**
 * Access and refresh tokens.
 *
 * The access token is a JWT (RFC 7519) signed with HMAC-SHA256 under the server's secret
 * (TIZIM_TOKEN_SECRET; during a rotation TIZIM_TOKEN_SECRET_PREVIOUS still verifies): short-lived,
 * it carries who the official is, their role and territory, and the sign-in session it belongs to,
 * so the API can refuse it once the session is ended.
 *
 * The refresh token is opaque: `<session id>.<32 random bytes, base64url>`. Only its SHA-256 is
 * stored; each use replaces it with a new one (rotation), and a replaced token presented again
 * ends the whole chain of sessions (it has been copied).
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface AccessClaims {
  /** The user's id. */
  sub: string;
  /** The sign-in session. */
  sid: string;
  role: string;
  reg?: string;
  dis?: string;
  sta?: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signAccessToken(
  claims: Omit<AccessClaims, 'iat' | 'exp'>,
  secret: string,
  ttlSeconds: number,
  now: number,
): { token: string; expiresAt: Date } {
  const iat = Math.floor(now / 1000);
  const body: AccessClaims = { ...claims, iat, exp: iat + ttlSeconds };
  const payload = b64url(JSON.stringify(body));
  const signature = createHmac('sha256', secret).update(`${HEADER}.${payload}`).digest('base64url');
  return { token: `${HEADER}.${payload}.${signature}`, expiresAt: new Date(body.exp * 1000) };
}

export type TokenCheck = { ok: true; claims: AccessClaims } | { ok: false; reason: string };

/**
 * The claims of a token this server signed that has not expired; otherwise why not, in plain words.
 * `secrets`: the current secret, then the one being retired during a rotation
 * (TIZIM_TOKEN_SECRET_PREVIOUS), whose tokens stay valid until they expire.
 */
export function verifyAccessToken(token: string, secrets: string | readonly string[], now: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'The token is not valid' };
  const given = Buffer.from(parts[2]!, 'base64url');
  const signedBy = (secret: string) => {
    const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!(typeof secrets === 'string' ? [secrets] : secrets).some(signedBy))
    return { ok: false, reason: 'The token is not valid' };
  let claims: AccessClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as AccessClaims;
  } catch {
    return { ok: false, reason: 'The token is not valid' };
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now)
    return { ok: false, reason: 'The sign-in has expired: refresh it or sign in again' };
  if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.role !== 'string')
    return { ok: false, reason: 'The token is not valid' };
  return { ok: true, claims };
}

/** A JWT's shape, to tell it from the operator token without verifying it. */
export const looksLikeJwt = (token: string) => token.startsWith(`${HEADER}.`);

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function newRefreshToken(): { sessionId: string; token: string; hash: string } {
  const sessionId = randomUUID();
  const token = `${sessionId}.${randomBytes(32).toString('base64url')}`;
  return { sessionId, token, hash: hashRefreshToken(token) };
}

/** The session id a refresh token names (its first part), or null when it is not one. */
export function sessionOfRefreshToken(token: string): string | null {
  const m = /^([0-9a-f-]{36})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return m ? m[1]! : null;
}
