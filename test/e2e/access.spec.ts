/**
 * Sign-in, roles and territory over HTTP on the local stack: the operator creates one official of
 * each role; each signs in and meets the same matrix of endpoints, allowed or refused with 403
 * (audited); a registrar cannot reach another district; refresh tokens rotate and a reused one
 * ends the sign-in; repeated failures delay the next attempt, which an admin's unlock clears;
 * changes need If-Match.
 */
import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { signAccessToken } from '../../libs/auth/tokens';
import { DEMO_PASSWORD, makeIin, seedDemoUsers } from '../../prisma/seed';
import { signBytes, testSigner } from '../support/certificates';
import { OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase, withAnotherApi } from '../support/local-stack';

// A database of its own: it seeds the demo officials and expects to be the first to (the browser's
// screens and the walk-through seed the same accounts on the shared database, in whatever order Jest runs them).
const { stack } = useLocalStackOnOwnDatabase('access');
const PASSWORD = 'correct horse battery staple';

interface Official {
  id: string;
  username: string;
  role: string;
  token: string;
  refresh: string;
}
const officials: Record<string, Official> = {};

const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
const as =
  (who: string) =>
  (method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
    stack.call(method, path, body, bearer(officials[who]!.token));

async function signIn(username: string, password = PASSWORD): Promise<ApiAnswer> {
  return stack.call('POST', '/v1/auth/sign-in', { username, password }, { 'Content-Type': 'application/json' });
}

const run = randomUUID().slice(0, 8);

/** A precinct member's sign-in: a certificate registered for them, a challenge signed with its key. */
async function edsSignIn(userId: string, username: string, iin: string): Promise<ApiAnswer> {
  const signer = testSigner('p256', 'Precinct member');
  const cert = await stack.call('POST', '/v1/certificates', {
    pem: signer.pem,
    holder: userId,
    holderName: 'Precinct member',
    holderRole: 'precinct-member',
  });
  const challenge = await stack.call(
    'POST',
    '/v1/auth/challenge',
    { username },
    { 'Content-Type': 'application/json' },
  );
  const signature = signBytes(signer, Buffer.from(challenge.body.nonce, 'utf8')).toString('base64');
  return stack.call(
    'POST',
    '/v1/auth/sign-in-eds',
    {
      username,
      password: PASSWORD,
      iin,
      challengeId: challenge.body.challengeId,
      certificateId: cert.body.id,
      signature,
    },
    { 'Content-Type': 'application/json' },
  );
}
const ACCOUNTS: Record<string, Record<string, string>> = {
  admin: { role: 'ADMIN' },
  coordinator: { role: 'CEC_COORDINATOR' },
  regional71: { role: 'REGIONAL_COMMISSION', regionCode: '71' },
  commission7101: { role: 'DISTRICT_COMMISSION', districtId: '7101' },
  registrar7101: { role: 'AKIMAT_REGISTRAR', districtId: '7101' },
  registrar7502: { role: 'AKIMAT_REGISTRAR', districtId: '7502' },
  precinct: { role: 'PRECINCT_MEMBER' }, // its station is looked up in beforeAll
  migration71: { role: 'MIGRATION_OFFICER', regionCode: '71' },
};

beforeAll(async () => {
  const station = await stack.prisma.pollingStation.findFirstOrThrow({ where: { districtId: '7101' } });
  ACCOUNTS.precinct!.stationId = station.id;
  ACCOUNTS.precinct!.iin = makeIin(new Date(Date.UTC(1980, 4, 12)), false, 4242);
  for (const [name, territory] of Object.entries(ACCOUNTS)) {
    const username = `${name}.${run}`;
    const created = await stack.call('POST', '/v1/users', {
      username,
      fullName: `Official ${name}`,
      password: PASSWORD,
      ...territory,
    });
    expect(created.status).toBe(201);
    const signed =
      territory.role === 'PRECINCT_MEMBER'
        ? await edsSignIn(created.body.id, username, territory.iin!)
        : await signIn(username);
    expect(signed.status).toBe(200);
    officials[name] = {
      id: created.body.id,
      username,
      role: territory.role!,
      token: signed.body.accessToken,
      refresh: signed.body.refreshToken,
    };
  }
});

describe('accounts', () => {
  it('keeps the territory whole and refuses one that does not fit the role, by field', async () => {
    expect((await stack.call('GET', `/v1/users/${officials.registrar7101!.id}`)).body).toMatchObject({
      role: 'AKIMAT_REGISTRAR',
      districtId: '7101',
      regionCode: '71',
      stationId: null,
    });
    const bad = (body: Record<string, unknown>) =>
      stack.call('POST', '/v1/users', {
        username: `x.${randomUUID().slice(0, 8)}`,
        fullName: 'X',
        password: PASSWORD,
        ...body,
      });
    expect(await bad({ role: 'AKIMAT_REGISTRAR' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'districtId', message: "is required for an akimat's registrar" }] },
    });
    expect(await bad({ role: 'CEC_COORDINATOR', regionCode: '71' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'regionCode' }] },
    });
    expect(await bad({ role: 'DISTRICT_COMMISSION', districtId: '7101', regionCode: '75' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'regionCode', message: 'district 7101 lies in region 71, not 75' }] },
    });
    expect(await bad({ role: 'REGIONAL_COMMISSION', regionCode: '71', password: 'short' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'password' }] },
    });
    expect(await bad({ role: 'PILOT' })).toMatchObject({ status: 400, body: { errors: [{ field: 'role' }] } });
    const taken = await stack.call('POST', '/v1/users', {
      username: officials.admin!.username.toUpperCase(),
      fullName: 'X',
      password: PASSWORD,
      role: 'ADMIN',
    });
    expect(taken.status).toBe(409);
  });

  it('seeds one demo official per role and territory, once', async () => {
    const created = await seedDemoUsers(stack.prisma);
    expect(created).toEqual(
      expect.arrayContaining([
        'admin',
        'coordinator',
        'regional.71',
        'commission.7101',
        'registrar.7101',
        'registrar.7502',
      ]),
    );
    expect(await seedDemoUsers(stack.prisma)).toEqual([]);
    const registrar = await signIn('registrar.7101', DEMO_PASSWORD);
    expect(registrar.body.user).toMatchObject({ role: 'AKIMAT_REGISTRAR', districtId: '7101', regionCode: '71' });
    expect(registrar.body.user.passwordHash).toBeUndefined();
  });

  it('says who is signed in, and refuses a wrong password, an unknown user, a forged or expired token', async () => {
    expect((await as('regional71')('GET', '/v1/auth/me')).body).toMatchObject({
      username: officials.regional71!.username,
      role: 'REGIONAL_COMMISSION',
      regionCode: '71',
    });
    expect(await signIn(officials.regional71!.username, 'not the password at all')).toMatchObject({
      status: 401,
      body: { code: 'auth.bad-credentials', detail: 'The username or the password is not right' },
    });
    expect(await signIn('nobody.here', PASSWORD)).toMatchObject({
      status: 401,
      body: { code: 'auth.bad-credentials', detail: 'The username or the password is not right' },
    });
    const forged = officials.admin!.token.slice(0, -4) + 'AAAA';
    expect(await stack.call('GET', '/v1/auth/me', undefined, bearer(forged))).toMatchObject({ status: 401 });
    const expired = signAccessToken(
      { sub: officials.admin!.id, sid: randomUUID(), role: 'ADMIN' },
      stack.config.auth.tokenSecret,
      60,
      Date.now() - 3_600_000,
    ).token;
    expect(await stack.call('GET', '/v1/auth/me', undefined, bearer(expired))).toMatchObject({
      status: 401,
      body: { code: 'auth.token-expired', detail: 'The sign-in has expired: refresh it or sign in again' },
    });
    expect(await stack.call('GET', '/v1/auth/me', undefined, { 'Content-Type': 'application/json' })).toMatchObject({
      status: 401,
    });
  });
});

describe('roles and territory', () => {
  // Each endpoint and the roles that may call it (territory permitting); every other role gets 403.
  const EVERYONE = [
    'admin',
    'coordinator',
    'regional71',
    'commission7101',
    'registrar7101',
    'registrar7502',
    'precinct',
    'migration71',
  ];
  const OFFICIALS = ['admin', 'coordinator', 'regional71', 'commission7101', 'registrar7101', 'registrar7502'];
  const ABOVE_DISTRICT = ['admin', 'coordinator', 'regional71'];
  const nobody = randomUUID();
  const MATRIX: { call: [string, string, unknown?]; allowed: string[] }[] = [
    { call: ['GET', '/v1/auth/me'], allowed: EVERYONE },
    { call: ['GET', '/v1/users'], allowed: ['admin'] },
    { call: ['POST', '/v1/users', {}], allowed: ['admin', 'commission7101'] },
    { call: ['PATCH', `/v1/users/${nobody}`, {}], allowed: ['admin'] },
    { call: ['GET', '/v1/calendar'], allowed: EVERYONE },
    { call: ['PUT', '/v1/calendar/2099', {}], allowed: ['admin'] },
    { call: ['GET', '/v1/deadlines?step=submission&after=2027-01-01'], allowed: EVERYONE },
    { call: ['POST', '/v1/cycles', {}], allowed: ['admin', 'coordinator'] },
    { call: ['GET', '/v1/cycles/workflows'], allowed: ABOVE_DISTRICT },
    { call: ['GET', '/v1/board?period=2027-01'], allowed: ABOVE_DISTRICT },
    { call: ['GET', '/v1/tasks'], allowed: OFFICIALS },
    { call: ['POST', `/v1/tasks/${nobody}/claim`], allowed: OFFICIALS },
    { call: ['GET', '/v1/escalations'], allowed: OFFICIALS },
    { call: ['POST', `/v1/escalations/${nobody}/acknowledge`, {}], allowed: ABOVE_DISTRICT },
    { call: ['GET', '/v1/notifications'], allowed: OFFICIALS },
    // Each official's own e-mail choices: the roles the cycle's reminders and escalations reach.
    { call: ['GET', '/v1/me/notification-preferences'], allowed: OFFICIALS.filter((o) => o !== 'admin') },
    { call: ['PUT', '/v1/me/notification-preferences', {}], allowed: OFFICIALS.filter((o) => o !== 'admin') },
    { call: ['GET', '/v1/workflows'], allowed: ['admin', 'coordinator'] },
    { call: ['GET', '/v1/audit'], allowed: ['admin'] },
    { call: ['GET', '/v1/reconciliations'], allowed: OFFICIALS },
    { call: ['GET', '/v1/submissions'], allowed: OFFICIALS },
    { call: ['GET', `/v1/files/${nobody}`], allowed: OFFICIALS },
    { call: ['POST', '/v1/consolidated-files', { period: '2027-02', regionCode: '71' }], allowed: ABOVE_DISTRICT },
    { call: ['POST', '/v1/transfer-acts', {}], allowed: ['admin', 'registrar7101', 'registrar7502'] },
    { call: ['POST', `/v1/transfer-acts/${nobody}/receipt`, {}], allowed: ['admin', 'commission7101'] },
    { call: ['GET', '/v1/transfer-acts'], allowed: OFFICIALS },
    { call: ['GET', `/v1/transfer-acts/${nobody}/check`], allowed: OFFICIALS },
    { call: ['POST', '/v1/certificates', {}], allowed: ['admin'] },
    { call: ['GET', '/v1/certificates'], allowed: ['admin'] },
    { call: ['GET', '/v1/eds-checks'], allowed: ['admin'] },
    { call: ['GET', '/v1/places/regions'], allowed: EVERYONE },
    { call: ['GET', '/v1/places/stations?districtId=7101'], allowed: EVERYONE },
    { call: ['POST', '/v1/registration-checks', {}], allowed: ['admin'] },
    { call: ['POST', '/v1/voting-days', {}], allowed: ['admin', 'coordinator'] },
    {
      call: ['GET', '/v1/voting-day/applications'],
      allowed: ['admin', 'coordinator', 'regional71', 'commission7101', 'precinct'],
    },
    { call: ['POST', '/v1/voting-day/applications', {}], allowed: ['precinct'] },
    { call: ['POST', `/v1/voting-day/applications/${nobody}/decision`, {}], allowed: ['commission7101', 'precinct'] },
    { call: ['GET', '/v1/voting-day/escalations'], allowed: ['admin', 'coordinator', 'regional71', 'commission7101'] },
    { call: ['GET', '/v1/security-incidents'], allowed: ['admin', 'coordinator'] },
    { call: ['GET', '/v1/egov-deliveries'], allowed: ['admin'] },
    { call: ['GET', '/v1/id-card/applications'], allowed: ['admin', 'migration71'] },
    { call: ['GET', `/v1/id-card/applications/${nobody}/approval.json`], allowed: ['migration71'] },
    { call: ['POST', `/v1/id-card/applications/${nobody}/review`, {}], allowed: ['migration71'] },
    { call: ['POST', `/v1/id-card/applications/${nobody}/produced`, {}], allowed: ['admin'] },
    { call: ['POST', '/v1/id-card/pickup', {}], allowed: ['migration71'] },
  ];

  it.each(MATRIX)(
    '$call.0 $call.1: allowed to $allowed, refused to the rest',
    async ({ call: [method, path, body], allowed }) => {
      for (const who of Object.keys(ACCOUNTS)) {
        const answer = await as(who)(method, path, body);
        // A precinct member outside voting hours is refused by the hour, not the role (member-hours.spec.ts).
        const byHour = who === 'precinct' && answer.body?.code === 'voting-day.not-open';
        if (allowed.includes(who)) {
          if (!byHour) expect([who, answer.status]).not.toEqual([who, 403]);
        } else expect([who, answer.status, answer.body.title]).toEqual([who, 403, 'Not allowed']);
      }
    },
  );

  it('tells each official which routes they may call, from the same rules the guard enforces', async () => {
    const routes = async (who: string) => (await as(who)('GET', '/v1/auth/me')).body.routes as string[];
    const precinct = await routes('precinct');
    expect(precinct).toEqual(
      expect.arrayContaining([
        'POST /v1/voting-day/applications',
        'POST /v1/voting-day/applications/:id/decision',
        'GET /v1/auth/me',
      ]),
    );
    expect(precinct).not.toContain('GET /v1/tasks');
    const registrar = await routes('registrar7101');
    expect(registrar).toEqual(expect.arrayContaining(['POST /v1/files', 'POST /v1/tasks/:id/claim']));
    expect(registrar).not.toContain('GET /v1/board');
    expect(registrar).not.toContain('GET /v1/audit');
    expect(await routes('admin')).toEqual(
      expect.arrayContaining(['GET /v1/audit', 'GET /v1/workflows/:workflowId/history', 'GET /v1/egov-deliveries']),
    );
    // Each route the matrix above calls agrees with what /me says, for every role.
    for (const who of Object.keys(ACCOUNTS)) {
      const mine = await routes(who);
      expect(mine.includes('GET /v1/board')).toBe(ABOVE_DISTRICT.includes(who));
      expect(mine.includes('POST /v1/transfer-acts/:id/receipt')).toBe(['admin', 'commission7101'].includes(who));
    }
  });

  it('keeps an official to their territory: another district is refused (audited), lists are narrowed', async () => {
    const form = new FormData();
    form.set('period', '2027-01');
    form.set('districtId', '7101');
    form.set('kind', 'voters');
    form.set('file', new Blob([new Uint8Array(Buffer.from('Cod;Cod_izber\r\n'))]), 'x.csv');
    const upload = (who: string) =>
      fetch(`${stack.base}/v1/files`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${officials[who]!.token}` },
        body: form,
      });
    const refused = await upload('registrar7502');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toBe(
      "An akimat's registrar acts for district 7502; this district lies outside it",
    );
    expect((await upload('registrar7101')).status).toBe(202);
    const audit = await stack.prisma.auditEvent.findFirst({
      where: { actor: officials.registrar7502!.id, action: 'access.out-of-territory' },
    });
    expect(audit).toMatchObject({ subjectType: 'district', subjectId: '7101', outcome: 'refused' });

    // A transfer act is declared in the declaring official's own name.
    const act = (holder: string) =>
      as('registrar7101')('POST', '/v1/transfer-acts', {
        period: '2027-01',
        districtId: '7101',
        akimat: { holder, name: 'Registrar', position: 'specialist' },
        files: [{ kind: 'voters', name: 'x.csv', sizeBytes: 15, records: 0 }],
      });
    expect(await act(officials.registrar7502!.id)).toMatchObject({
      status: 403,
      body: { errors: [{ field: 'akimat.holder', message: 'must be your own user id' }] },
    });
    const declared = await act(officials.registrar7101!.id);
    expect(declared.status).toBe(201);
    // The acts list is narrowed to the official's territory; another district's act is refused (audited).
    const listed = (who: string, q = '') => as(who)('GET', `/v1/transfer-acts?period=2027-01${q}`);
    expect((await listed('registrar7101')).body.items.map((a: { id: string }) => a.id)).toContain(declared.body.id);
    expect((await listed('registrar7502')).body.items).toEqual([]);
    expect((await listed('registrar7502', '&districtId=7101')).body).toEqual({ items: [], district: null });
    expect(await as('registrar7502')('GET', `/v1/transfer-acts/${declared.body.id}/check`)).toMatchObject({
      status: 403,
      body: { code: 'access.outside-territory' },
    });
    const checked = await as('commission7101')('GET', `/v1/transfer-acts/${declared.body.id}/check`);
    expect(checked).toMatchObject({ status: 200, body: { matches: false, files: [{ declared: { name: 'x.csv' } }] } });
    // The only x.csv received here is not an accepted Appendix 1 file: the act cannot match it.
    expect(['not-received', 'rejected', 'being-checked']).toContain(checked.body.files[0].verdict);

    // A regional commission asking for another region's list gets an empty page, not someone else's data.
    expect((await as('regional71')('GET', '/v1/submissions?regionCode=75')).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(
      await as('regional71')('POST', '/v1/consolidated-files', { period: '2027-01', regionCode: '75' }),
    ).toMatchObject({ status: 403 });
    const roleRefusal = await stack.prisma.auditEvent.findFirst({
      where: { actor: officials.coordinator!.id, action: { startsWith: 'access.role:' } },
    });
    expect(roleRefusal).toMatchObject({ outcome: 'refused' });
  });
});

describe('sessions', () => {
  it('stores passwords as Argon2id, and moves a password hashed with the earlier scrypt scheme to Argon2id at its next sign-in', async () => {
    const username = `legacy.${run}`;
    const created = await stack.call('POST', '/v1/users', {
      username,
      fullName: 'Official legacy',
      password: PASSWORD,
      role: 'DISTRICT_COMMISSION',
      districtId: '7101',
    });
    expect((await stack.prisma.user.findUniqueOrThrow({ where: { id: created.body.id } })).passwordHash).toMatch(
      /^\$argon2id\$/,
    );
    // As the scrypt scheme stored it before Argon2id.
    const salt = randomBytes(16);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 10, r: 8, p: 1 });
    const legacy = ['scrypt', 10, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    await stack.prisma.user.update({ where: { id: created.body.id }, data: { passwordHash: legacy } });
    expect((await signIn(username, 'not the password at all')).status).toBe(401);
    expect((await stack.prisma.user.findUniqueOrThrow({ where: { id: created.body.id } })).passwordHash).toBe(legacy);
    expect((await signIn(username)).status).toBe(200);
    const upgraded = (await stack.prisma.user.findUniqueOrThrow({ where: { id: created.body.id } })).passwordHash;
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=1024,t=2,p=1\$/);
    expect((await signIn(username)).status).toBe(200);
  });

  it('rotates the refresh token; a spent one used again ends the sign-in, access token included', async () => {
    const start = await signIn(officials.commission7101!.username);
    const first = await stack.call(
      'POST',
      '/v1/auth/refresh',
      { refreshToken: start.body.refreshToken },
      { 'Content-Type': 'application/json' },
    );
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(start.body.refreshToken);
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(first.body.accessToken))).status).toBe(200);

    const reused = await stack.call(
      'POST',
      '/v1/auth/refresh',
      { refreshToken: start.body.refreshToken },
      { 'Content-Type': 'application/json' },
    );
    expect(reused).toMatchObject({
      status: 401,
      body: {
        code: 'auth.refresh-reused',
        detail: 'This sign-in was ended for safety (its refresh token was used twice): sign in again',
      },
    });
    expect(await stack.call('GET', '/v1/auth/me', undefined, bearer(first.body.accessToken))).toMatchObject({
      status: 401,
      body: { code: 'auth.session-ended', detail: 'This sign-in has ended: sign in again' },
    });
    expect(
      (
        await stack.call(
          'POST',
          '/v1/auth/refresh',
          { refreshToken: first.body.refreshToken },
          { 'Content-Type': 'application/json' },
        )
      ).status,
    ).toBe(401);
  });

  it('signs out: the access token stops working; other sign-ins go on', async () => {
    const session = await signIn(officials.registrar7101!.username);
    expect((await stack.call('POST', '/v1/auth/sign-out', undefined, bearer(session.body.accessToken))).status).toBe(
      204,
    );
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(session.body.accessToken))).status).toBe(401);
    expect((await as('registrar7101')('GET', '/v1/auth/me')).status).toBe(200);
  });

  it('delays the next attempt after repeated failures (429, Retry-After); an admin unlocks it with If-Match', async () => {
    const username = `locked.${run}`;
    const created = await stack.call('POST', '/v1/users', {
      username,
      fullName: 'Locked',
      password: PASSWORD,
      role: 'DISTRICT_COMMISSION',
      districtId: '7102',
    });
    for (let i = 1; i <= stack.config.auth.freeAttempts; i++)
      expect((await signIn(username, `wrong password ${i}`)).status).toBe(401);
    const locked = await signIn(username); // the right password too, while it waits
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ code: 'auth.sign-in-delayed', params: { seconds: 2 } });
    expect(Number(locked.headers.get('retry-after'))).toBe(2);

    const path = `/v1/users/${created.body.id}`;
    expect(await stack.call('PATCH', path, { unlock: true })).toMatchObject({ status: 428 });
    expect(
      await stack.call('PATCH', path, { unlock: true }, { ...OPERATOR_HEADERS, 'If-Match': '"99"' }),
    ).toMatchObject({ status: 412 });
    const version = created.body.version as number;
    const unlocked = await stack.call(
      'PATCH',
      path,
      { unlock: true },
      { ...OPERATOR_HEADERS, 'If-Match': `"${version}"` },
    );
    expect(unlocked).toMatchObject({ status: 200, body: { lockedUntil: null, version: version + 1 } });
    expect((await signIn(username)).status).toBe(200);
  });

  it('ends the sign-ins of a disabled account and of one whose territory changed', async () => {
    const username = `moved.${run}`;
    const created = await stack.call('POST', '/v1/users', {
      username,
      fullName: 'Moved',
      password: PASSWORD,
      role: 'AKIMAT_REGISTRAR',
      districtId: '7101',
    });
    const session = await signIn(username);
    const moved = await stack.call(
      'PATCH',
      `/v1/users/${created.body.id}`,
      { districtId: '7102' },
      { ...OPERATOR_HEADERS, 'If-Match': `"${created.body.version}"` },
    );
    expect(moved.body).toMatchObject({ districtId: '7102', regionCode: '71' });
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(session.body.accessToken))).status).toBe(401);

    const again = await signIn(username);
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(again.body.accessToken))).body).toMatchObject({
      districtId: '7102',
    });
    await stack.call(
      'PATCH',
      `/v1/users/${created.body.id}`,
      { disabled: true },
      { ...OPERATOR_HEADERS, 'If-Match': `"${moved.body.version}"` },
    );
    expect((await stack.call('GET', '/v1/auth/me', undefined, bearer(again.body.accessToken))).status).toBe(401);
    expect(await signIn(username)).toMatchObject({
      status: 401,
      body: { code: 'auth.account-disabled', detail: 'This account is disabled: ask your administrator' },
    });
  });
});

describe('the operator token', () => {
  it('is refused like any unknown credential once switched off (TIZIM_OPERATOR_TOKEN=off); officials still sign in', async () => {
    const off = { ...stack.config, api: { ...stack.config.api, adminToken: null } };
    await withAnotherApi(stack, off, async (call) => {
      const asOperator = await call('GET', '/v1/users', undefined, OPERATOR_HEADERS);
      expect(asOperator).toMatchObject({ status: 401, body: { code: 'auth.token-invalid' } });
      // Not even /ready's details or the OpenAPI document open to it in production (AuthService.isSignedIn).
      expect((await call('GET', '/v1/users', undefined, bearer(officials.admin!.token))).status).toBe(200);
    });
  });
});
