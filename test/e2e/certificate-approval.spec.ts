/**
 * Two admins for the certificate registry (TIZIM_CERTIFICATE_APPROVALS=two-admins, ASVS V1.4.x /
 * V4.1.x: one admin does not alone decide who may sign): a registration or a revocation is a
 * pending request; another named admin approves or rejects it; each step is audited.
 */
import { randomUUID } from 'node:crypto';
import { makeIin } from '../../prisma/seed';
import { testSigner, type TestSigner } from '../support/certificates';
import type { ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';
import { MEMBER_PASSWORD, districtCommission, signInWithEds, type DesignatedMember } from '../support/members';

const { stack } = useLocalStackOnOwnDatabase('cert_approval', {
  config: { TIZIM_CERTIFICATE_APPROVALS: 'two-admins' },
});
const JSON_ONLY = { 'Content-Type': 'application/json' };
const run = randomUUID().slice(0, 8);
const admins: Record<'a' | 'b', { id: string; token: string }> = {} as never;
let commissionToken = '';
let stations: string[] = [];
let members = 0;

const as =
  (who: 'a' | 'b') =>
  (method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
    stack.call(method, path, body, { ...JSON_ONLY, Authorization: `Bearer ${admins[who].token}` });

/** A precinct member with no certificate yet. */
async function member(name: string): Promise<Omit<DesignatedMember, 'certificateId'>> {
  const username = `${name}.${run}`;
  const iin = makeIin(new Date(Date.UTC(1984, 2, 3)), true, Math.floor(Math.random() * 10000));
  const created = await stack.call(
    'POST',
    '/v1/users',
    {
      username,
      fullName: `Член УИК ${name}`,
      password: MEMBER_PASSWORD,
      role: 'PRECINCT_MEMBER',
      stationId: stations[members++ % stations.length],
      iin,
    },
    { ...JSON_ONLY, Authorization: `Bearer ${commissionToken}` },
  );
  expect(created.status).toBe(201);
  return { id: created.body.id, username, iin, signer: testSigner('p256', `Член УИК ${name}`) };
}

const register = (who: 'a' | 'b', m: { id: string; signer: TestSigner }) =>
  as(who)('POST', '/v1/certificates', {
    pem: m.signer.pem,
    holder: m.id,
    holderName: 'Член УИК',
    holderRole: 'precinct-member',
  });

async function audited(
  subjectId: string,
): Promise<{ actor: string; action: string; reason: string | null; outcome: string }[]> {
  return stack.prisma.auditEvent.findMany({
    where: { subjectType: 'signer-certificate', subjectId, action: { not: 'certificate.read' } },
    orderBy: { id: 'asc' },
    select: { actor: true, action: true, reason: true, outcome: true },
  });
}

beforeAll(async () => {
  // A member per station: a precinct commission has a limited number of members.
  stations = (await stack.prisma.pollingStation.findMany({ where: { districtId: '7101' }, select: { id: true } })).map(
    (s) => s.id,
  );
  commissionToken = (await districtCommission(stack, '7101', `tik.${run}`)).token;
  for (const who of ['a', 'b'] as const) {
    const username = `admin-${who}.${run}`;
    const created = await stack.call('POST', '/v1/users', {
      username,
      fullName: `Admin ${who}`,
      password: MEMBER_PASSWORD,
      role: 'ADMIN',
    });
    expect(created.status).toBe(201);
    const signed = await stack.call('POST', '/v1/auth/sign-in', { username, password: MEMBER_PASSWORD }, JSON_ONLY);
    expect(signed.status).toBe(200);
    admins[who] = { id: created.body.id, token: signed.body.accessToken };
  }
});

describe('registering a certificate', () => {
  it('is pending until a second admin approves it; the requester cannot approve their own', async () => {
    const m = await member('pending');
    const registered = await register('a', m);
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ pending: 'registration', registeredBy: admins.a.id });
    const certificateId = registered.body.id as string;

    // Pending: the certificate signs nothing yet.
    expect((await signInWithEds(stack, { ...m, certificateId })).status).toBe(401);

    const own = await as('a')('POST', `/v1/certificates/${certificateId}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('certificate.same-admin');
    const byOperator = await stack.call('POST', `/v1/certificates/${certificateId}/approve`, {});
    expect(byOperator.status).toBe(403);
    expect(byOperator.body.code).toBe('certificate.approver-not-named');
    expect((await signInWithEds(stack, { ...m, certificateId })).status).toBe(401);

    const listed = await as('b')('GET', '/v1/certificates');
    expect(listed.body.find((c: { id: string }) => c.id === certificateId)).toMatchObject({
      pending: 'registration',
      registeredByName: 'Admin a',
    });

    const approved = await as('b')('POST', `/v1/certificates/${certificateId}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ pending: null, registrationApprovedBy: admins.b.id });
    expect((await signInWithEds(stack, { ...m, certificateId })).status).toBe(200);

    const again = await as('b')('POST', `/v1/certificates/${certificateId}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('certificate.nothing-pending');

    expect(await audited(certificateId)).toEqual([
      { actor: admins.a.id, action: 'certificate.register-requested', reason: null, outcome: 'ok' },
      { actor: admins.a.id, action: 'certificate.approve', reason: null, outcome: 'refused' },
      { actor: 'operator', action: 'certificate.approve', reason: null, outcome: 'refused' },
      { actor: admins.b.id, action: 'certificate.approve', reason: null, outcome: 'ok' },
    ]);
  });

  it('rejected, leaves the certificate unregistered: it signs nothing and may be submitted again', async () => {
    const m = await member('rejected');
    const registered = await register('a', m);
    const certificateId = registered.body.id as string;
    const noReason = await as('b')('POST', `/v1/certificates/${certificateId}/reject`, {});
    expect(noReason.status).toBe(400);
    const rejected = await as('b')('POST', `/v1/certificates/${certificateId}/reject`, {
      reason: 'Wrong holder',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ id: certificateId, rejected: 'registration' });
    expect((await as('b')('GET', `/v1/certificates/${certificateId}?reason=check`)).status).toBe(404);
    expect((await signInWithEds(stack, { ...m, certificateId })).status).toBe(401);
    expect((await register('b', m)).status).toBe(201);
    expect(await audited(certificateId)).toEqual([
      { actor: admins.a.id, action: 'certificate.register-requested', reason: null, outcome: 'ok' },
      { actor: admins.b.id, action: 'certificate.reject', reason: 'Wrong holder', outcome: 'ok' },
    ]);
  });
});

describe('revoking a certificate', () => {
  async function approvedMember(name: string) {
    const m = await member(name);
    const certificateId = (await register('a', m)).body.id as string;
    expect((await as('b')('POST', `/v1/certificates/${certificateId}/approve`, {})).status).toBe(200);
    return { ...m, certificateId };
  }

  it('is pending, the certificate still valid, until a second admin approves it', async () => {
    const m = await approvedMember('revoked');
    const revoked = await as('b')('POST', `/v1/certificates/${m.certificateId}/revoke`, { reason: 'Key lost' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ pending: 'revocation', revokedAt: null, revocationRequestedBy: admins.b.id });
    expect((await signInWithEds(stack, m)).status).toBe(200);

    const own = await as('b')('POST', `/v1/certificates/${m.certificateId}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('certificate.same-admin');
    expect((await signInWithEds(stack, m)).status).toBe(200);

    const approved = await as('a')('POST', `/v1/certificates/${m.certificateId}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      pending: null,
      revokedBy: admins.b.id,
      revocationReason: 'Key lost',
      revocationApprovedBy: admins.a.id,
    });
    expect(approved.body.revokedAt).toBeTruthy();
    const refused = await signInWithEds(stack, m);
    expect(refused.status).toBe(401);

    expect((await audited(m.certificateId)).slice(2)).toEqual([
      { actor: admins.b.id, action: 'certificate.revoke-requested', reason: 'Key lost', outcome: 'ok' },
      { actor: admins.b.id, action: 'certificate.approve', reason: null, outcome: 'refused' },
      { actor: admins.a.id, action: 'certificate.approve', reason: null, outcome: 'ok' },
    ]);
  });

  it('rejected, leaves the certificate valid', async () => {
    const m = await approvedMember('kept');
    expect((await as('a')('POST', `/v1/certificates/${m.certificateId}/revoke`, { reason: 'Mistake' })).status).toBe(
      200,
    );
    const twice = await as('b')('POST', `/v1/certificates/${m.certificateId}/revoke`, { reason: 'Again' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('certificate.revocation-pending');
    const rejected = await as('b')('POST', `/v1/certificates/${m.certificateId}/reject`, { reason: 'Key is fine' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ rejected: 'revocation', pending: null, revokedAt: null });
    expect((await signInWithEds(stack, m)).status).toBe(200);
    expect((await audited(m.certificateId)).slice(2)).toEqual([
      { actor: admins.a.id, action: 'certificate.revoke-requested', reason: 'Mistake', outcome: 'ok' },
      { actor: admins.b.id, action: 'certificate.reject', reason: 'Key is fine', outcome: 'ok' },
    ]);
  });
});
