/**
 * Precinct commission members over HTTP (DOMAIN §3 steps 1-2): the territorial commission
 * designates two members per precinct (a third is refused); a member signs in with username,
 * password, IIN and a challenge signed with the key of their registered X.509 certificate; a
 * password alone, a reused challenge, a wrong IIN and another member's key are refused.
 */
import { randomUUID } from 'node:crypto';
import { makeIin } from '../../prisma/seed';
import { OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { signBytes, testSigner, type TestSigner } from '../support/certificates';
import { useLocalStack } from '../support/local-stack';
import { MEMBER_PASSWORD, signInWithEds } from '../support/members';

// Sign-in counters of its own (they are kept under the queue prefix): the refusals this suite sends
// on purpose from 127.0.0.1 would otherwise add to every other suite's of the run, and past the
// per-address allowance the growing delay answers 429 before the signature is even checked.
const stack = useLocalStack({ config: { QUEUE_PREFIX: `members-${randomUUID()}` } });
const run = randomUUID().slice(0, 8);
const JSON_ONLY = { 'Content-Type': 'application/json' };

/** A valid, synthetic IIN for member n. */
const iinOf = (n: number) => makeIin(new Date(Date.UTC(1985, 2, n)), true, 1000 + n);

let commissionToken: string;
let station7101: string;
let station7102: string;
const members: { id: string; username: string; iin: string; signer: TestSigner; certificateId: string }[] = [];

const commission = (method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
  stack.call(method, path, body, { ...JSON_ONLY, Authorization: `Bearer ${commissionToken}` });

beforeAll(async () => {
  // A station of this suite's own (other suites designate members at the seeded ones).
  const number = 5000 + Math.floor(Math.random() * 4000);
  station7101 = (
    await stack.prisma.pollingStation.create({
      data: { regionCode: '71', districtId: '7101', number, premises: 'Школа № 1', locality: 'Астана' },
    })
  ).id;
  station7102 = (await stack.prisma.pollingStation.findFirstOrThrow({ where: { districtId: '7102' } })).id;
  const username = `tik.7101.${run}`;
  await stack.call('POST', '/v1/users', {
    username,
    fullName: 'ТИК 7101',
    password: MEMBER_PASSWORD,
    role: 'DISTRICT_COMMISSION',
    districtId: '7101',
  });
  commissionToken = (await stack.call('POST', '/v1/auth/sign-in', { username, password: MEMBER_PASSWORD }, JSON_ONLY))
    .body.accessToken;
});

describe('precinct commission members', () => {
  it('are designated by the territorial commission, two per precinct and in its own district only', async () => {
    for (const n of [1, 2]) {
      const username = `member.${run}.${n}`;
      const iin = iinOf(n);
      const created = await commission('POST', '/v1/users', {
        username,
        fullName: `Член УИК ${n}`,
        password: MEMBER_PASSWORD,
        role: 'PRECINCT_MEMBER',
        stationId: station7101,
        iin,
      });
      expect(created).toMatchObject({
        status: 201,
        body: { role: 'PRECINCT_MEMBER', stationId: station7101, districtId: '7101', regionCode: '71' },
      });
      expect(JSON.stringify(created.body)).not.toContain(iin);
      const signer = testSigner(n === 1 ? 'rsa' : 'p256', `Член УИК ${n}`);
      const cert = await stack.call(
        'POST',
        '/v1/certificates',
        { pem: signer.pem, holder: created.body.id, holderName: `Член УИК ${n}`, holderRole: 'precinct-member' },
        OPERATOR_HEADERS,
      );
      expect(cert.status).toBe(201);
      members.push({ id: created.body.id, username, iin, signer, certificateId: cert.body.id });
    }
    const third = await commission('POST', '/v1/users', {
      username: `member.${run}.3`,
      fullName: 'Член УИК 3',
      password: MEMBER_PASSWORD,
      role: 'PRECINCT_MEMBER',
      stationId: station7101,
      iin: iinOf(3),
    });
    expect(third).toMatchObject({
      status: 409,
      body: {
        code: 'user.precinct-full',
        params: { members: 2 },
        detail: 'This precinct already has its 2 designated members; disable one before designating another',
      },
    });
    expect(
      (
        await commission('POST', '/v1/users', {
          username: `member.${run}.4`,
          fullName: 'X',
          password: MEMBER_PASSWORD,
          role: 'PRECINCT_MEMBER',
          stationId: station7102,
          iin: iinOf(4),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await commission('POST', '/v1/users', {
          username: `regional.${run}`,
          fullName: 'X',
          password: MEMBER_PASSWORD,
          role: 'REGIONAL_COMMISSION',
          regionCode: '71',
        })
      ).status,
    ).toBe(403);
    expect(
      await commission('POST', '/v1/users', {
        username: `member.${run}.5`,
        fullName: 'X',
        password: MEMBER_PASSWORD,
        role: 'PRECINCT_MEMBER',
        stationId: station7101,
      }),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'iin' }] } });
  });

  it('takes three designations racing for one precinct one after the other: two seats, one refusal', async () => {
    const number = 5000 + Math.floor(Math.random() * 4000);
    const station = (
      await stack.prisma.pollingStation.create({
        data: { regionCode: '71', districtId: '7101', number, premises: 'Школа № 2', locality: 'Астана' },
      })
    ).id;
    const answers = await Promise.all(
      [11, 12, 13].map((n) =>
        commission('POST', '/v1/users', {
          username: `member.${run}.race.${n}`,
          fullName: `Член УИК ${n}`,
          password: MEMBER_PASSWORD,
          role: 'PRECINCT_MEMBER',
          stationId: station,
          iin: iinOf(n),
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409]);
    expect(await stack.prisma.user.count({ where: { stationId: station, disabledAt: null } })).toBe(2);
  });

  it('sign in with the IIN and a challenge signed by their registered key, and only so', async () => {
    const [a, b] = members;
    expect(
      await stack.call('POST', '/v1/auth/sign-in', { username: a!.username, password: MEMBER_PASSWORD }, JSON_ONLY),
    ).toMatchObject({ status: 401, body: { detail: expect.stringContaining('sign in with their IIN and EDS') } });

    const signed = await signInWithEds(stack, a!);
    expect(signed).toMatchObject({ status: 200, body: { user: { role: 'PRECINCT_MEMBER', stationId: station7101 } } });
    const me = await stack.call('GET', '/v1/auth/me', undefined, {
      Authorization: `Bearer ${signed.body.accessToken}`,
    });
    expect(me.body).toMatchObject({ id: a!.id, role: 'PRECINCT_MEMBER' });
    expect(
      (await stack.call('GET', '/v1/tasks', undefined, { Authorization: `Bearer ${signed.body.accessToken}` })).status,
    ).toBe(403);

    // ECDSA works the same for the second member.
    expect((await signInWithEds(stack, b!)).status).toBe(200);

    // A challenge is answered once.
    const challenge = await stack.call('POST', '/v1/auth/challenge', { username: a!.username }, JSON_ONLY);
    const body = {
      username: a!.username,
      password: MEMBER_PASSWORD,
      iin: a!.iin,
      challengeId: challenge.body.challengeId,
      certificateId: a!.certificateId,
      signature: signBytes(a!.signer, Buffer.from(challenge.body.nonce, 'utf8')).toString('base64'),
    };
    expect((await stack.call('POST', '/v1/auth/sign-in-eds', body, JSON_ONLY)).status).toBe(200);
    expect(await stack.call('POST', '/v1/auth/sign-in-eds', body, JSON_ONLY)).toMatchObject({
      status: 401,
      body: { code: 'auth.challenge-expired', detail: 'The challenge is unknown, used or expired: ask for a new one' },
    });

    // A wrong IIN, and another member's key and certificate, are refused.
    expect(await signInWithEds(stack, a!, { iin: iinOf(7) })).toMatchObject({
      status: 401,
      body: {
        code: 'auth.bad-eds-credentials',
        detail: 'The username, password, IIN or the signed challenge is not right',
      },
    });
    const foreign = await signInWithEds(stack, a!, { certificateId: b!.certificateId }, b!.signer);
    expect(foreign.status).toBe(401);
    expect(foreign.body).toMatchObject({ code: 'auth.signature-refused', params: { reason: 'wrong-holder' } });
    expect(foreign.body.detail).toMatch(/^The signature was not accepted: Certificate .* belongs to /);
    const audited = await stack.prisma.auditEvent.findMany({
      where: { actor: a!.id, action: 'auth.sign-in-eds' },
      select: { outcome: true },
    });
    expect(audited.map((r) => r.outcome).sort()).toEqual(['ok', 'ok', 'refused', 'refused', 'refused']);
  });
});
