import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * An IIN as stored (app_user.iin_hmac and the tables of libs/db/iin-hashes.ts): HMAC-SHA-256 under
 * TIZIM_IIN_HMAC_KEY (config.iinHmacKey; before that setting, TIZIM_TOKEN_SECRET, which is why it
 * defaults to that value outside production), hex. The hashes cannot be made again from the data,
 * so this key never rotates with the token secret (README, "Secrets and rotation").
 */
export function iinHmac(key: string, iin: string): string {
  return createHmac('sha256', key).update(`iin:${iin}`).digest('hex');
}

/** Whether two stored IIN hashes (hex) are the same, in constant time. */
export function sameIinHmac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
