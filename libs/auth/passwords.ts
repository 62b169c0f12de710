/**
 * Officials' passwords, hashed with scrypt (node:crypto; memory-hard, no native add-on to build).
 * The stored form names its parameters, so they can be raised later without breaking old hashes:
 *   scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));

/** About 64 MB and 0.1 s per hash on the project's machines: slow for guessing, fine for a sign-in. */
export const SCRYPT_DEFAULTS = { logN: 16, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export async function hashPassword(password: string, params: { logN: number; r: number; p: number } = SCRYPT_DEFAULTS): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** params.logN;
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r });
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches the stored hash; false for any other password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN! > 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const N = 2 ** logN!;
  const key = await scrypt(password.normalize('NFC'), salt, expected.length, { N, r: r!, p: p!, maxmem: 256 * N * r! });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** What is wrong with a new password, in plain words; empty when it will do. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('the password must have at least 12 characters');
  if (password.length > 256) problems.push('the password must have at most 256 characters');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('the password must not contain the username');
  if (/^(.)\1*$/.test(password)) problems.push('the password must not repeat one character');
  return problems;
}
