/**
 * Abuse (issue 24, item 8), over HTTP on a stack of its own (its own database, queue prefix, and
 * Redis behind a proxy the test can take down):
 *  - failed sign-ins slow the next attempt by growing delays (429 with Retry-After), counted per
 *    account as seen from each client address, per address across accounts, and per account
 *    across addresses within an hour, instead of a lock anyone could set for anyone: a second
 *    account is unaffected, another address is unaffected, a right password after the delay signs
 *    in, and an unknown username is answered exactly like a known one;
 *  - X-Forwarded-For names the client only when TIZIM_TRUST_PROXY says the proxy is trusted;
 *  - Redis down or slow: sign-in is refused with 503 naming it (fail closed), never unlimited;
 *  - refused tokens, refresh failures and request-validation failures are audited with the client
 *    address, and without the data sent;
 *  - a district's uploads are held to a daily quota; a workbook of 10,000 parts is rejected, with a
 *    report naming the file, before it is parsed.
 */
import { randomUUID } from 'node:crypto';
import { signAccessToken } from '../../libs/auth/tokens';
import { createApp } from '../../apps/api/src/app';
import { apiCaller, eventually, OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { FaultyProxy } from '../support/faulty-proxy';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';
import { testRedisUrl } from '../support/test-env';
import { zip } from '../support/zip';

let redisProxy: FaultyProxy;
beforeAll(async () => {
  redisProxy = await FaultyProxy.start(new URL(testRedisUrl()).host);
});

const { stack } = useLocalStackOnOwnDatabase('sign_in_abuse', {
  config: {
    get REDIS_URL() {
      return `redis://${redisProxy.address}`;
    },
    QUEUE_PREFIX: `sign-in-abuse-${randomUUID()}`,
    TIZIM_TRUST_PROXY: '127.0.0.1',
    TIZIM_SIGN_IN_ACCOUNT_FAILURES_PER_HOUR: '8',
    TIZIM_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: '10',
    TIZIM_UPLOAD_QUOTA_FILES_PER_DAY: '3',
  } as Record<string, string>,
});

// Declared after the stack's: Jest runs afterAll hooks in order, so the proxy closes once the stack has.
afterAll(async () => {
  redisProxy.comeBack();
  await redisProxy.close();
});

const PASSWORD = 'correct horse battery staple';
const run = randomUUID().slice(0, 8);
/** A client address of its own for each part of the test (TEST-NET-3), sent as the proxy would. */
let nextAddress = 1;
const address = () => `203.0.113.${nextAddress++}`;

const signIn = (username: string, password: string, from: string, call = stack.call): Promise<ApiAnswer> =>
  call(
    'POST',
    '/v1/auth/sign-in',
    { username, password },
    { 'Content-Type': 'application/json', 'X-Forwarded-For': from },
  );

async function official(name: string): Promise<{ id: string; username: string; version: number }> {
  const username = `${name}.${run}`;
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: `Official ${name}`,
    password: PASSWORD,
    role: 'DISTRICT_COMMISSION',
    districtId: '7102',
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, username, version: created.body.version };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** What a caller sees of an answer, less what differs by request. */
const seen = (a: ApiAnswer) => ({
  status: a.status,
  retryAfter: a.headers.get('retry-after'),
  body: { ...a.body, requestId: undefined, instance: undefined },
});

describe('growing delays instead of a lock', () => {
  it('slows one account from one address, leaves another account be, and lets the right password in after the delay', async () => {
    const a = await official('delayed');
    const b = await official('neighbour');
    const from = address();
    const first = [];
    for (let i = 1; i <= 3; i++) first.push(await signIn(a.username, `wrong ${i}`, from));
    expect(first.map((r) => r.status)).toEqual([401, 401, 401]);
    // The next attempt must wait 2 s; during the wait even the right password is not checked.
    const early = await signIn(a.username, PASSWORD, from);
    expect(early.status).toBe(429);
    expect(early.body).toMatchObject({ code: 'auth.sign-in-delayed', params: { seconds: 2 } });
    expect(early.body.detail).toBe('Too many sign-ins have failed: wait 2 seconds before the next attempt');
    expect(early.headers.get('retry-after')).toBe('2');
    // Another account, from the same address, is not slowed.
    expect((await signIn(b.username, PASSWORD, from)).status).toBe(200);
    await sleep(2_100);
    // The next failure doubles the delay.
    expect((await signIn(a.username, 'wrong 4', from)).status).toBe(401);
    const waiting = await signIn(a.username, PASSWORD, from);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('4');
    await sleep(4_100);
    expect((await signIn(a.username, PASSWORD, from)).status).toBe(200);
    // A sign-in clears the count: the next failure is a plain 401 again.
    expect((await signIn(a.username, 'wrong 5', from)).status).toBe(401);
  });

  it('answers an unknown username exactly as a known one', async () => {
    const known = await official('known');
    const unknown = `nobody.${run}`;
    const [k, u] = [address(), address()];
    const answers = async (username: string, from: string) => {
      const got = [];
      for (let i = 1; i <= 3; i++) got.push(seen(await signIn(username, `wrong ${i}`, from)));
      got.push(seen(await signIn(username, PASSWORD, from)));
      return got;
    };
    const [forKnown, forUnknown] = [await answers(known.username, k), await answers(unknown, u)];
    expect(forUnknown.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(forUnknown).toEqual(forKnown);
  });

  it('does not let one address hold an account: another address signs in at once', async () => {
    const a = await official('targeted');
    const attacker = address();
    for (let i = 1; i <= 3; i++) await signIn(a.username, `wrong ${i}`, attacker);
    expect((await signIn(a.username, PASSWORD, attacker)).status).toBe(429);
    expect((await signIn(a.username, PASSWORD, address())).status).toBe(200);
  });

  it('slows an address that fails across many accounts, not the others', async () => {
    const a = await official('sprayed');
    const sprayer = address();
    const statuses = [];
    for (let i = 1; i <= 10; i++) statuses.push((await signIn(`guess${i}.${run}`, 'wrong', sprayer)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401]);
    expect((await signIn(a.username, PASSWORD, sprayer)).status).toBe(429);
    expect((await signIn(a.username, PASSWORD, address())).status).toBe(200);
  });

  it('holds an account that fails from many addresses within the hour, until an admin clears it', async () => {
    const a = await official('besieged');
    const answers: ApiAnswer[] = [];
    for (const from of [address(), address(), address()])
      for (let i = 1; i <= 3 && answers.length < 8; i++) answers.push(await signIn(a.username, `wrong ${i}`, from));
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
    const held = await signIn(a.username, PASSWORD, address());
    expect(held.status).toBe(429);
    expect(held.body.code).toBe('auth.locked');
    expect((await stack.prisma.user.findUniqueOrThrow({ where: { id: a.id } })).lockedUntil).not.toBeNull();
    const unlocked = await stack.call(
      'PATCH',
      `/v1/users/${a.id}`,
      { unlock: true },
      { ...OPERATOR_HEADERS, 'If-Match': `"${a.version}"` },
    );
    expect(unlocked).toMatchObject({ status: 200, body: { lockedUntil: null } });
    expect((await signIn(a.username, PASSWORD, address())).status).toBe(200);
  });
});

describe('the client behind a proxy', () => {
  it('is read from X-Forwarded-For only where TIZIM_TRUST_PROXY trusts the proxy', async () => {
    const a = await official('proxied');
    const untrusting = await createApp(
      { ...stack.config, api: { ...stack.config.api, trustProxy: false } },
      stack.logger,
    );
    await untrusting.listen(0, '127.0.0.1');
    const call = apiCaller(() => base);
    const base = (await untrusting.getUrl()).replace('[::1]', '127.0.0.1');
    try {
      // Untrusted: every X-Forwarded-For is the same caller (the socket's address), so three
      // failures "from" three addresses slow the fourth "from" a fourth.
      // A new API counts nothing until its Redis connection is up (503, fail closed): wait for it.
      await eventually('the new API counting sign-ins', async () => {
        return (await signIn(`warm-up.${run}`, 'wrong', address(), call)).status === 401;
      });
      for (let i = 1; i <= 3; i++) await signIn(a.username, `wrong ${i}`, address(), call);
      expect((await signIn(a.username, PASSWORD, address(), call)).status).toBe(429);
    } finally {
      await untrusting.close();
    }
    // Trusted (the stack): the fourth address is its own client.
    const b = await official('proxied-trusted');
    for (let i = 1; i <= 3; i++) await signIn(b.username, `wrong ${i}`, address());
    expect((await signIn(b.username, PASSWORD, address())).status).toBe(200);
  });
});

describe('Redis down or slow', () => {
  it('refuses sign-in with 503 naming it, rather than letting attempts through uncounted', async () => {
    const a = await official('outage');
    try {
      redisProxy.goDown();
      const down = await signIn(a.username, PASSWORD, address());
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ code: 'service.unavailable', params: { service: 'queue' } });
      expect(down.body.detail).toMatch(/^Redis \(the job queue\) could not be reached or did not answer in time/);
      expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
      redisProxy.comeBack();
      redisProxy.mode = 'swallow';
      const started = Date.now();
      const slow = await signIn(a.username, PASSWORD, address());
      expect(slow.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      redisProxy.comeBack();
    }
    await eventually(
      'sign-in once Redis is back',
      async () => (await signIn(a.username, PASSWORD, address())).status === 200,
      20_000,
    );
  });
});

describe('refusals audited with the client address', () => {
  const rows = (from: string) =>
    stack.prisma.auditEvent.findMany({ where: { reason: { contains: `from ${from}` } }, orderBy: { id: 'asc' } });

  it('audits a refused token, a failed refresh and a request that fails validation, with the address and no data', async () => {
    const from = address();
    const forged = signAccessToken(
      { sub: randomUUID(), sid: randomUUID(), role: 'ADMIN' },
      'not the secret at all, 0123456789',
      60,
      Date.now(),
    ).token;
    const headers = { 'Content-Type': 'application/json', 'X-Forwarded-For': from };
    expect(
      (await stack.call('GET', '/v1/auth/me', undefined, { ...headers, Authorization: `Bearer ${forged}` })).status,
    ).toBe(401);
    expect(
      (await stack.call('POST', '/v1/auth/refresh', { refreshToken: 'not-a-refresh-token-0123456789' }, headers))
        .status,
    ).toBe(401);
    const secretName = `Жанар Секретова ${run}`;
    const invalid = await stack.call(
      'POST',
      '/v1/users',
      { username: 'x', fullName: secretName, password: 'short', role: 'PILOT' },
      { ...OPERATOR_HEADERS, 'X-Forwarded-For': from },
    );
    expect(invalid.status).toBe(400);
    const audited = await eventually('three audit rows', async () => {
      const got = await rows(from);
      return got.length >= 3 && got;
    });
    expect(audited.map((r) => [r.action, r.outcome])).toEqual([
      ['auth.token-refused', 'refused'],
      ['auth.refresh-refused', 'refused'],
      ['request.invalid', 'refused'],
    ]);
    expect(audited[0]!.reason).toBe(`auth.token-invalid from ${from}`);
    expect(audited[0]!.subjectId).toBe('GET /v1/auth/me');
    expect(audited[1]!.reason).toBe(`auth.refresh-invalid from ${from}`);
    expect(audited[2]!.reason).toMatch(
      new RegExp(`^request.invalid-fields \\(.*role.*\\) from ${from.replace(/\./g, '\\.')}$`),
    );
    expect(audited[2]!.subjectId).toBe('POST /v1/users');
    for (const r of audited) expect(JSON.stringify({ ...r, id: String(r.id) })).not.toMatch(/Секретова|short|PILOT/);
  });
});

describe('refusals audited, within bounds', () => {
  it('audits at most 60 refusals a minute from one address, then one row saying the rest are not', async () => {
    // Refused tokens are answered before any request limit counts them: without a bound, each
    // would be a row written, at whatever rate a caller sends them.
    const from = address();
    const headers = { Authorization: 'Bearer not-a-token-at-all-0123456789', 'X-Forwarded-For': from };
    // All in one minute of the clock (75 requests take a second or two): the bound is per minute.
    while (new Date().getUTCSeconds() > 50) await sleep(250);
    const statuses = new Set<number>();
    for (let i = 0; i < 75; i++) statuses.add((await stack.call('GET', '/v1/auth/me', undefined, headers)).status);
    expect([...statuses]).toEqual([401]);
    const rows = await stack.prisma.auditEvent.findMany({
      where: { reason: { contains: `from ${from}` } },
      select: { action: true },
    });
    const counts = rows.reduce<Record<string, number>>((c, r) => ({ ...c, [r.action]: (c[r.action] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 'auth.token-refused': 60, 'audit.refusals-suppressed': 1 });
  });
});

describe('uploads', () => {
  async function upload(districtId: string, content: Buffer, name: string): Promise<ApiAnswer> {
    const form = new FormData();
    for (const [k, v] of Object.entries({ period: '2035-01', districtId, kind: 'stations' })) form.set(k, v);
    form.set('file', new Blob([new Uint8Array(content)]), name);
    const res = await fetch(`${stack.base}/v1/files`, {
      method: 'POST',
      headers: { Authorization: OPERATOR_HEADERS.Authorization },
      body: form,
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      requestId: null,
      headers: res.headers,
      body: await res.json(),
    };
  }

  it("holds a district to its daily quota of files, naming the district and the limit; another district's uploads go on", async () => {
    const statuses = [];
    for (let i = 1; i <= 3; i++)
      statuses.push((await upload('7101', Buffer.from(`№,Адрес\n${i},${run}\n`), `list-${i}.csv`)).status);
    expect(statuses).toEqual([202, 202, 202]);
    const over = await upload('7101', Buffer.from(`№,Адрес\n4,${run}\n`), 'list-4.csv');
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ code: 'file.quota-exceeded', params: { districtId: '7101', files: 3 } });
    expect(over.body.detail).toBe(
      'District 7101 has sent 3 files today, the most a district may send in a day (TIZIM_UPLOAD_QUOTA_FILES_PER_DAY): send it tomorrow, or ask the administrator to raise the quota',
    );
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await upload('7102', Buffer.from(`№,Адрес\n1,${run}\n`), 'list-7102.csv')).status).toBe(202);
  });

  it('rejects a workbook of 10,000 parts before parsing it, with a report naming the file', async () => {
    const members = Array.from({ length: 10_000 }, (_, i) => ({ name: `xl/media/p${i}.bin`, data: 'x', store: true }));
    const sent = await upload('7502', zip(members), 'uchastki_10000.xlsx');
    expect(sent.status).toBe(202);
    const decided = await eventually(
      'the verdict',
      async () => {
        const r = await stack.call('GET', `/v1/files/${sent.body.id}`);
        return r.body.status !== 'RECEIVED' && r.body;
      },
      60_000,
    );
    expect(decided.status).toBe('REJECTED');
    const report = await stack.call('GET', `/v1/files/${sent.body.id}/report`);
    expect(report.body.file).toBe('uchastki_10000.xlsx');
    expect(report.body.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: 0,
          field: '(file)',
          message:
            'the file cannot be read as an Excel workbook (.xlsx): it has 10,000 parts, more than the 1,000 a workbook may have',
        }),
      ]),
    );
  });
});
