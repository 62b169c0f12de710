/**
 * Rotating the token secret (README, "Secrets and rotation"): an API started with a new
 * TIZIM_TOKEN_SECRET and the old one as TIZIM_TOKEN_SECRET_PREVIOUS still accepts the sessions
 * the old one signed, signs new ones with the new secret only, and, its IIN hash key pinned to the
 * value the stored hashes were made with (TIZIM_IIN_HMAC_KEY), still finds a citizen's records by
 * their IIN. Once the previous secret is dropped, the old sessions are refused; the hashes stay.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/app';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { apiCaller, type ApiAnswer } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { TEST_PORTAL_TOKEN, testConfig } from '../support/test-env';
import { votingDayPlace } from '../support/voting-day-fixture';

const stack = useLocalStack();
const NEW_SECRET = randomBytes(32).toString('base64url');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
const portal = (iin: string) => ({
  Authorization: `Bearer ${TEST_PORTAL_TOKEN}`,
  'X-Citizen-IIN': iin,
  'Content-Type': 'application/json',
});

const opened: INestApplication[] = [];
afterAll(async () => {
  for (const app of opened) await app.close();
});

/** Another API on the stack's database, Redis and Temporal, configured from `env` as main.ts would be. */
async function apiWith(env: Record<string, string>): Promise<ReturnType<typeof apiCaller>> {
  const codecKeys = stack.config.codec.keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
  const app = await createApp(
    testConfig({
      TEMPORAL_ADDRESS: stack.env.address,
      TEMPORAL_TASK_QUEUE: stack.config.temporal.taskQueue,
      TIZIM_CODEC_KEYS: codecKeys,
      TIZIM_CODEC_ACTIVE_KEY: stack.config.codec.activeKeyId,
      ...env,
    }),
    stack.logger,
  );
  opened.push(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return apiCaller(() => base);
}

const feeIds = (answer: ApiAnswer) => (answer.body as { id: string }[]).map((f) => f.id);

describe('rotating the token secret', () => {
  it('keeps sessions signed with the old secret and the IINs’ hashes valid', async () => {
    const oldSecret = stack.config.auth.tokenSecret;
    // An official signed in, and a citizen's state fee, both before the rotation.
    const username = `rotation.${randomUUID().slice(0, 8)}`;
    const password = 'correct horse battery staple';
    const created = await stack.call('POST', '/v1/users', {
      username,
      fullName: 'Official rotation',
      password,
      role: 'CEC_COORDINATOR',
    });
    expect(created.status).toBe(201);
    const signIn = (call: ReturnType<typeof apiCaller>) =>
      call('POST', '/v1/auth/sign-in', { username, password }, { 'Content-Type': 'application/json' });
    const before = await signIn(stack.call);
    expect(before.status).toBe(200);
    const oldToken: string = before.body.accessToken;

    const place = await votingDayPlace(stack.prisma, '23');
    const citizen = await place.inside();
    const paid = await stack.call('POST', '/v1/citizen/state-fees', { amountTenge: 1474 }, portal(citizen.iin));
    expect(paid.status).toBe(201);

    // Rotating: the new secret signs, the old one still verifies, the hash key pinned to the old value.
    const rotating = await apiWith({
      TIZIM_TOKEN_SECRET: NEW_SECRET,
      TIZIM_TOKEN_SECRET_PREVIOUS: oldSecret,
      TIZIM_IIN_HMAC_KEY: oldSecret,
    });
    expect((await rotating('GET', '/v1/auth/me', undefined, bearer(oldToken))).status).toBe(200);
    const after = await signIn(rotating);
    expect(after.status).toBe(200);
    const newToken: string = after.body.accessToken;
    expect((await rotating('GET', '/v1/auth/me', undefined, bearer(newToken))).status).toBe(200);
    // Signed with the new secret: an API that knows only the old one refuses it.
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(newToken))).status).toBe(401);

    // The citizen's fee is still found as theirs, and a new fee gets the same hash.
    expect(feeIds(await rotating('GET', '/v1/citizen/state-fees', undefined, portal(citizen.iin)))).toContain(
      paid.body.id,
    );
    const paidAgain = await rotating('POST', '/v1/citizen/state-fees', { amountTenge: 1474 }, portal(citizen.iin));
    expect(paidAgain.status).toBe(201);
    const hashes = await stack.prisma.stateFeePayment.findMany({
      where: { id: { in: [paid.body.id, paidAgain.body.id] } },
      select: { iinHmac: true },
    });
    expect(hashes.map((h) => h.iinHmac)).toEqual([iinHmac(oldSecret, citizen.iin), iinHmac(oldSecret, citizen.iin)]);

    // Rotated: the previous secret dropped, the old sessions end; the new ones and the hashes stay.
    const rotated = await apiWith({ TIZIM_TOKEN_SECRET: NEW_SECRET, TIZIM_IIN_HMAC_KEY: oldSecret });
    expect(await rotated('GET', '/v1/auth/me', undefined, bearer(oldToken))).toMatchObject({ status: 401 });
    expect((await rotated('GET', '/v1/auth/me', undefined, bearer(newToken))).status).toBe(200);
    expect(feeIds(await rotated('GET', '/v1/citizen/state-fees', undefined, portal(citizen.iin)))).toEqual(
      expect.arrayContaining([paid.body.id, paidAgain.body.id]),
    );
  });
});
