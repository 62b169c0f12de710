/**
 * Officials' passwords, hashed with Argon2id (@node-rs/argon2, prebuilt for each platform on the
 * npm registry). The stored form is the PHC string, which names its parameters, so the cost can be
 * raised later without breaking old hashes:
 *   $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>
 * Hashes written before Argon2id (scrypt$<log2 N>$<r>$<p>$<salt>$<hash>, node:crypto) still
 * verify; `needsRehash` says when a sign-in should store the password again with today's cost.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';

/** The cost of a new hash: memory in KiB (OWASP's floor for Argon2id is 19 MiB with two passes). */
export interface PasswordCost {
  memoryKiB: number;
}

export const PASSWORD_DEFAULTS: PasswordCost = { memoryKiB: 19_456 };
const TIME_COST = 2;
/** Algorithm.Argon2id (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm;
const PARALLELISM = 1;

export async function hashPassword(password: string, cost: PasswordCost = PASSWORD_DEFAULTS): Promise<string> {
  return argon2Hash(password.normalize('NFC'), {
    algorithm: ARGON2ID,
    memoryCost: cost.memoryKiB,
    timeCost: TIME_COST,
    parallelism: PARALLELISM,
    salt: randomBytes(16),
  });
}

/** True when `password` matches the stored hash; false for any other password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2id$')) {
    try {
      return await argon2Verify(stored, password.normalize('NFC'));
    } catch {
      return false;
    }
  }
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  return false;
}

/** Whether a hash that verified should be written again: an older scheme, or less memory than asked now. */
export function needsRehash(stored: string, cost: PasswordCost = PASSWORD_DEFAULTS): boolean {
  const params = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!params) return true;
  return Number(params[1]) < cost.memoryKiB || Number(params[2]) < TIME_COST;
}

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** A hash from before Argon2id: scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6) return false;
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
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('the password must not contain the username');
  if (/^(.)\1*$/.test(password)) problems.push('the password must not repeat one character');
  return problems;
}
