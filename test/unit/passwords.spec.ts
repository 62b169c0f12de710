/**
 * Officials' password hashes: Argon2id in the PHC form, Unicode-normalised, with the hashes of the
 * scrypt scheme that came before still verifying (and due for a rehash), and rules for new passwords.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, needsRehash, passwordProblems, verifyPassword } from '../../libs/auth/passwords';

const CHEAP = { memoryKiB: 1024 };

/** A hash as the scrypt scheme wrote it: scrypt$<log2 N>$<r>$<p>$<salt>$<hash>. */
function legacyScrypt(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 2 ** 10, r: 8, p: 1 });
  return ['scrypt', 10, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('password hashes', () => {
  it('hashes with Argon2id, salted, naming its cost, and verifies only the same password', async () => {
    const a = await hashPassword('correct horse battery staple', CHEAP);
    const b = await hashPassword('correct horse battery staple', CHEAP);
    expect(a).toMatch(/^\$argon2id\$v=19\$m=1024,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('correct horse battery staple', a.slice(0, -4) + 'AAAA')).toBe(false);
  });

  it('compares passwords as Unicode text: composed and decomposed letters are the same password', async () => {
    const composed = 'Әйгерім-құпия-сөз';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed, CHEAP))).toBe(true);
  });

  it('still verifies the scrypt hashes stored before, and says they are due for a rehash', async () => {
    const old = legacyScrypt('a password from 2026');
    expect(await verifyPassword('a password from 2026', old)).toBe(true);
    expect(await verifyPassword('another password entirely', old)).toBe(false);
    expect(needsRehash(old, CHEAP)).toBe(true);
  });

  it("asks for a rehash when today's cost is higher than the stored one, not otherwise", async () => {
    const stored = await hashPassword('correct horse battery staple', CHEAP);
    expect(needsRehash(stored, CHEAP)).toBe(false);
    expect(needsRehash(stored, { memoryKiB: 19_456 })).toBe(true);
  });

  it('refuses a malformed or unknown hash instead of throwing', async () => {
    for (const stored of [
      '',
      'plain',
      '$argon2id$v=19$m=1024,t=2,p=1$bad',
      'scrypt$99$8$1$AAAA$AAAA',
      '$2b$10$abcdefghijklmnopqrstuu',
    ]) {
      expect(await verifyPassword('whatever password', stored)).toBe(false);
    }
  });

  it('says what is wrong with a new password, in plain words', () => {
    expect(passwordProblems('short', 'registrar.7101')).toEqual(['the password must have at least 12 characters']);
    expect(passwordProblems('my registrar.7101 secret', 'registrar.7101')).toEqual([
      'the password must not contain the username',
    ]);
    expect(passwordProblems('aaaaaaaaaaaaaa', 'x.y')).toEqual(['the password must not repeat one character']);
    expect(passwordProblems('correct horse battery staple', 'registrar.7101')).toEqual([]);
  });
});
