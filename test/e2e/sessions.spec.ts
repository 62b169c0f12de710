/**
 * Sign-in sessions (issue 24 item 3, ASVS 3.3): a sign-in ends at an absolute limit however often
 * it is refreshed, and after an idle spell with no action of the official's (the console's
 * background polling is not one); signing out ends it on the server even when the access token has
 * already expired; an official lists their own sign-ins and ends any of them, never another's.
 * Time is simulated by moving a sign-in's stored instants back (the API reads them afresh).
 */
import { randomUUID } from 'node:crypto';
import { OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const { stack } = useLocalStackOnOwnDatabase('sessions', {
  config: {
    // Refresh tokens that would live a day: the sign-in's own limit (12 hours) must cut them short.
    TIZIM_REFRESH_TOKEN_HOURS: '24',
    TIZIM_SESSION_MAX_HOURS: '12',
    TIZIM_SESSION_IDLE_MINUTES: '30',
    TIZIM_SIGN_IN_RATE_PER_MINUTE: '1000',
  },
});
const PASSWORD = 'correct horse battery staple';
const run = randomUUID().slice(0, 8);
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** How the console marks its background polling (apps/web/src/ui.tsx): not the official's activity. */
const POLLING = { 'X-Tizim-Background': 'polling' };

const bearer = (token: string, more: Record<string, string> = {}) => ({
  Authorization: `Bearer ${token}`,
  ...JSON_HEADERS,
  ...more,
});

const users: Record<string, string> = {};
beforeAll(async () => {
  for (const name of ['ana', 'bek']) {
    const created = await stack.call('POST', '/v1/users', {
      username: `${name}.${run}`,
      fullName: name,
      password: PASSWORD,
      role: 'AKIMAT_REGISTRAR',
      districtId: '7101',
    });
    expect(created.status).toBe(201);
    users[name] = created.body.id;
  }
});

const signIn = (name: string, userAgent = FIREFOX): Promise<ApiAnswer> =>
  stack.call(
    'POST',
    '/v1/auth/sign-in',
    { username: `${name}.${run}`, password: PASSWORD },
    { ...JSON_HEADERS, 'User-Agent': userAgent },
  );
const refresh = (refreshToken: string): Promise<ApiAnswer> =>
  stack.call('POST', '/v1/auth/refresh', { refreshToken }, JSON_HEADERS);

/**
 * Moves every stored instant of a user's sign-ins `minutes` back, as if that much time had passed;
 * with `activeNow`, the last activity stays now (the official was busy all along).
 */
async function age(userId: string, minutes: number, { activeNow = false } = {}): Promise<void> {
  const columns = await stack.prisma.$queryRaw<{ column_name: string }[]>`
    SELECT column_name FROM information_schema.columns
    WHERE table_name = 'user_session' AND data_type = 'timestamp with time zone'`;
  const set = columns
    .map(({ column_name: c }) =>
      activeNow && c === 'last_active_at' ? `"${c}" = now()` : `"${c}" = "${c}" - interval '${minutes} minutes'`,
    )
    .join(', ');
  await stack.prisma.$executeRawUnsafe(`UPDATE user_session SET ${set} WHERE user_id = $1::uuid`, userId);
}

async function endAll(userId: string): Promise<void> {
  await stack.prisma.userSession.updateMany({
    where: { userId, endedAt: null },
    data: { endedAt: new Date(), endReason: 'test' },
  });
}

describe('absolute limit', () => {
  it('never lets a refresh carry a sign-in past 12 hours from the sign-in', async () => {
    await endAll(users.ana!);
    const start = await signIn('ana');
    expect(start.status).toBe(200);
    expect(Date.parse(start.body.refreshExpiresAt)).toBeLessThanOrEqual(Date.now() + 12 * 3600_000);

    // 11 h 50 min later, busy all along: the refresh is granted, up to the limit only.
    await age(users.ana!, 11 * 60 + 50, { activeNow: true });
    const late = await refresh(start.body.refreshToken);
    expect(late.status).toBe(200);
    expect(Date.parse(late.body.refreshExpiresAt)).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 5_000);
    expect(late.body.expiresIn).toBeLessThanOrEqual(10 * 60 + 5);

    // Past the limit: refused, and the sign-in is over.
    await age(users.ana!, 15, { activeNow: true });
    expect(await refresh(late.body.refreshToken)).toMatchObject({
      status: 401,
      body: { code: 'auth.session-limit', detail: 'This sign-in has reached its limit of 12 hours: sign in again' },
    });
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(late.body.accessToken))).status).toBe(401);
  });
});

describe('idle limit', () => {
  it('refuses a refresh after 30 minutes with no action of the official', async () => {
    await endAll(users.ana!);
    const start = await signIn('ana');
    await age(users.ana!, 31);
    expect(await refresh(start.body.refreshToken)).toMatchObject({
      status: 401,
      body: {
        code: 'auth.session-idle',
        detail: 'This sign-in has ended after 30 minutes without activity: sign in again',
      },
    });
    // Ended for good: the same token, and the access token, no longer work.
    expect((await refresh(start.body.refreshToken)).body.code).toBe('auth.session-ended');
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(start.body.accessToken))).status).toBe(401);
  });

  it("counts the official's own requests as activity, the console's background polling not", async () => {
    await endAll(users.ana!);
    const busy = await signIn('ana');
    await age(users.ana!, 20);
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(busy.body.accessToken))).status).toBe(200);
    await age(users.ana!, 15);
    expect((await refresh(busy.body.refreshToken)).status).toBe(200);

    await endAll(users.ana!);
    const away = await signIn('ana');
    await age(users.ana!, 20);
    const polled = await stack.call('GET', '/v1/auth/me', undefined, bearer(away.body.accessToken, POLLING));
    expect(polled.status).toBe(200);
    await age(users.ana!, 15);
    expect((await refresh(away.body.refreshToken)).body.code).toBe('auth.session-idle');
  });
});

describe('sign-out', () => {
  it('ends the sign-in on the server: its refresh token is refused afterwards', async () => {
    const start = await signIn('ana');
    const out = await stack.call('POST', '/v1/auth/sign-out', {}, bearer(start.body.accessToken));
    expect(out.status).toBe(204);
    expect(await refresh(start.body.refreshToken)).toMatchObject({
      status: 401,
      body: { code: 'auth.session-ended' },
    });
  });

  it('ends it with the refresh token alone, when the access token has already expired', async () => {
    const start = await signIn('ana');
    const out = await stack.call('POST', '/v1/auth/sign-out', { refreshToken: start.body.refreshToken }, JSON_HEADERS);
    expect(out.status).toBe(204);
    expect((await refresh(start.body.refreshToken)).body.code).toBe('auth.session-ended');
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(start.body.accessToken))).status).toBe(401);
    const audited = await stack.prisma.auditEvent.findFirst({
      where: { action: 'auth.sign-out', actor: users.ana! },
      orderBy: { at: 'desc' },
    });
    expect(audited).not.toBeNull();
  });
});

describe("an official's sign-ins", () => {
  it('lists their live sign-ins, marks this one, and ends another', async () => {
    await endAll(users.ana!);
    const here = await signIn('ana', FIREFOX);
    const there = await signIn('ana', CHROME);
    const listed = await stack.call('GET', '/v1/auth/sessions', undefined, bearer(here.body.accessToken));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    const mine = listed.body.items.find((s: { current: boolean }) => s.current);
    const other = listed.body.items.find((s: { current: boolean }) => !s.current);
    expect(mine).toMatchObject({ device: 'Firefox 128 · Windows', clientAddress: '127.0.0.1' });
    expect(other).toMatchObject({ device: 'Chrome 131 · Linux', clientAddress: '127.0.0.1' });
    for (const s of [mine, other]) {
      expect(Date.parse(s.signedInAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(s.lastActiveAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(s.endsBy)).toBeLessThanOrEqual(Date.parse(s.signedInAt) + 12 * 3600_000);
    }

    const ended = await stack.call('DELETE', `/v1/auth/sessions/${other.id}`, undefined, bearer(here.body.accessToken));
    expect(ended.status).toBe(204);
    expect((await refresh(there.body.refreshToken)).body.code).toBe('auth.session-ended');
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(there.body.accessToken))).status).toBe(401);
    const after = await stack.call('GET', '/v1/auth/sessions', undefined, bearer(here.body.accessToken));
    expect(after.body.items.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    const audited = await stack.prisma.auditEvent.findFirst({
      where: { action: 'auth.session-end', actor: users.ana!, subjectId: other.id },
    });
    expect(audited).not.toBeNull();

    // A refreshed sign-in is still the same one in the list.
    const refreshed = await refresh(here.body.refreshToken);
    const again = await stack.call('GET', '/v1/auth/sessions', undefined, bearer(refreshed.body.accessToken));
    expect(again.body.items).toEqual([expect.objectContaining({ id: mine.id, current: true })]);
  });

  it("does not end another official's sign-in", async () => {
    const ana = await signIn('ana');
    const bek = await signIn('bek');
    const beks = await stack.call('GET', '/v1/auth/sessions', undefined, bearer(bek.body.accessToken));
    const target = beks.body.items[0].id as string;
    const refused = await stack.call('DELETE', `/v1/auth/sessions/${target}`, undefined, bearer(ana.body.accessToken));
    expect(refused).toMatchObject({ status: 404, body: { code: 'auth.session-unknown' } });
    expect((await refresh(bek.body.refreshToken)).status).toBe(200);
    const listed = await stack.call('GET', '/v1/auth/sessions', undefined, bearer(ana.body.accessToken));
    expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(target);
  });

  it("an administrator disabling an account ends all of that official's sign-ins", async () => {
    const bek = await signIn('bek');
    const user = await stack.call('GET', `/v1/users/${users.bek}`);
    const disabled = await stack.call(
      'PATCH',
      `/v1/users/${users.bek}`,
      { disabled: true },
      { ...OPERATOR_HEADERS, 'If-Match': `"${user.body.version}"` },
    );
    expect(disabled.status).toBe(200);
    expect((await refresh(bek.body.refreshToken)).status).toBe(401);
    expect(await stack.prisma.userSession.count({ where: { userId: users.bek!, endedAt: null } })).toBe(0);
  });
});
