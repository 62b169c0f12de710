/**
 * Administrators' second factor (ASVS 4.0.3 4.3.1) with TIZIM_ADMIN_SIGN_IN=eds: a password alone
 * is refused with `auth.admin-needs-eds`; the admin signs in with the password and a challenge
 * signed with the key of a certificate registered for them as an admin. A wrong signature, another
 * admin's certificate and a certificate registered for another signer role are refused; the other
 * roles sign in as before.
 */
import { randomUUID } from 'node:crypto';
import { signBytes, testSigner, type TestSigner } from '../support/certificates';
import { OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';
import { MEMBER_PASSWORD, designateMember, districtCommission, signInWithEds } from '../support/members';

const { stack } = useLocalStackOnOwnDatabase('admin_eds', {
  // Enough attempts before the growing delays for the refusals below.
  config: { TIZIM_ADMIN_SIGN_IN: 'eds', TIZIM_SIGN_IN_FREE_ATTEMPTS: '20' },
});
const JSON_ONLY = { 'Content-Type': 'application/json' };
const run = randomUUID().slice(0, 8);

interface Admin {
  id: string;
  username: string;
  signer: TestSigner;
  certificateId: string;
}
const admins: Admin[] = [];

async function registered(holder: string, signer: TestSigner, holderRole: string): Promise<string> {
  const cert = await stack.call(
    'POST',
    '/v1/certificates',
    { pem: signer.pem, holder, holderName: 'Администратор', holderRole },
    OPERATOR_HEADERS,
  );
  expect(cert.status).toBe(201);
  return cert.body.id;
}

/** The admin's EDS sign-in: a challenge signed with `signer`; `overrides` replace fields of the body. */
async function adminWithEds(a: Admin, overrides: Record<string, string> = {}, signer = a.signer): Promise<ApiAnswer> {
  const challenge = await stack.call('POST', '/v1/auth/challenge', { username: a.username }, JSON_ONLY);
  return stack.call(
    'POST',
    '/v1/auth/sign-in-eds',
    {
      username: a.username,
      password: MEMBER_PASSWORD,
      challengeId: challenge.body.challengeId,
      certificateId: a.certificateId,
      signature: signBytes(signer, Buffer.from(challenge.body.nonce, 'utf8')).toString('base64'),
      ...overrides,
    },
    JSON_ONLY,
  );
}

beforeAll(async () => {
  // The first accounts are made with the operator token, as in production (README).
  for (const n of [1, 2]) {
    const username = `admin.${run}.${n}`;
    const created = await stack.call(
      'POST',
      '/v1/users',
      { username, fullName: `Администратор ${n}`, password: MEMBER_PASSWORD, role: 'ADMIN' },
      OPERATOR_HEADERS,
    );
    expect(created.status).toBe(201);
    const signer = testSigner(n === 1 ? 'p256' : 'rsa', `Администратор ${n}`);
    admins.push({ id: created.body.id, username, signer, certificateId: '' });
  }
});

describe('administrators with TIZIM_ADMIN_SIGN_IN=eds', () => {
  it('are refused a sign-in with the password alone, in plain words naming the EDS sign-in', async () => {
    const [a] = admins;
    expect(
      await stack.call('POST', '/v1/auth/sign-in', { username: a!.username, password: MEMBER_PASSWORD }, JSON_ONLY),
    ).toMatchObject({
      status: 401,
      body: {
        code: 'auth.admin-needs-eds',
        detail:
          'Administrators sign in with their EDS as well as the password: ask for a challenge (POST /v1/auth/challenge) and sign it (POST /v1/auth/sign-in-eds)',
      },
    });
    const audited = await stack.prisma.auditEvent.findMany({
      where: { actor: a!.id, action: 'auth.sign-in' },
      select: { outcome: true },
    });
    expect(audited.map((r) => r.outcome)).toEqual(['refused']);
  });

  it('sign in with the password and a challenge signed by the key of their registered certificate', async () => {
    for (const a of admins) a.certificateId = await registered(a.id, a.signer, 'admin');
    const [a] = admins;
    const signed = await adminWithEds(a!);
    expect(signed).toMatchObject({ status: 200, body: { user: { id: a!.id, role: 'ADMIN' } } });
    const me = await stack.call('GET', '/v1/auth/me', undefined, {
      Authorization: `Bearer ${signed.body.accessToken}`,
    });
    expect(me.body).toMatchObject({ id: a!.id, role: 'ADMIN' });
    // The RSA key of the second admin works the same.
    expect((await adminWithEds(admins[1]!)).status).toBe(200);
  });

  it('refuse a wrong signature, a wrong password, another holder’s certificate and a certificate of another role', async () => {
    const [a, b] = admins;
    const stranger = testSigner('p256', 'Посторонний');
    const wrongKey = await adminWithEds(a!, {}, stranger);
    expect(wrongKey).toMatchObject({
      status: 401,
      body: { code: 'auth.signature-refused', params: { reason: 'bad-signature' } },
    });
    expect(await adminWithEds(a!, { password: 'not the password at all' })).toMatchObject({
      status: 401,
      body: { code: 'auth.bad-eds-credentials' },
    });
    // An IIN the admin does not have is not right either.
    expect(await adminWithEds(a!, { iin: '850301300101' })).toMatchObject({
      status: 401,
      body: { code: 'auth.bad-eds-credentials' },
    });
    const foreign = await adminWithEds(a!, { certificateId: b!.certificateId }, b!.signer);
    expect(foreign).toMatchObject({
      status: 401,
      body: { code: 'auth.signature-refused', params: { reason: 'wrong-holder' } },
    });
    // A certificate registered for the admin but as a precinct member's is no admin's factor.
    const asMember = testSigner('p256', 'Администратор как член УИК');
    const memberCert = await registered(a!.id, asMember, 'precinct-member');
    expect(await adminWithEds(a!, { certificateId: memberCert }, asMember)).toMatchObject({
      status: 401,
      body: { code: 'auth.signature-refused', params: { reason: 'wrong-role' } },
    });
  });

  it('leave the other roles as they were', async () => {
    const commission = await districtCommission(stack, '7101', `tik.${run}`);
    expect(commission.token).toEqual(expect.any(String));
    const station = await stack.prisma.pollingStation.findFirstOrThrow({ where: { districtId: '7101' } });
    const { member } = await designateMember(stack, commission.token, station.id, `member.${run}`);
    expect(
      await stack.call(
        'POST',
        '/v1/auth/sign-in',
        { username: member!.username, password: MEMBER_PASSWORD },
        JSON_ONLY,
      ),
    ).toMatchObject({ status: 401, body: { code: 'auth.eds-required' } });
    expect(await signInWithEds(stack, member!)).toMatchObject({
      status: 200,
      body: { user: { role: 'PRECINCT_MEMBER' } },
    });
    // The EDS sign-in stays the members' and the admins': a commission account cannot use it.
    const signer = testSigner('p256', 'ТИК');
    const certificateId = await registered(commission.id, signer, 'commission');
    expect(await adminWithEds({ id: commission.id, username: `tik.${run}`, signer, certificateId })).toMatchObject({
      status: 401,
      body: { code: 'auth.bad-eds-credentials' },
    });
  });
});
