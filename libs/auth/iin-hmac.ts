import { createHmac } from 'node:crypto';

/** A precinct member's IIN as stored (app_user.iin_hmac): HMAC-SHA-256 under TIZIM_TOKEN_SECRET, hex. */
export function iinHmac(tokenSecret: string, iin: string): string {
  return createHmac('sha256', tokenSecret).update(`iin:${iin}`).digest('hex');
}
