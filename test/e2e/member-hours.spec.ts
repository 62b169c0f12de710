/**
 * A precinct member's routes outside the voting day's hours (issue 23, DOMAIN §3): every route of
 * a member that is not marked @MemberAnyTime answers 403 `voting-day.not-open` once voting has
 * closed: the supplementary list (IINs, names, birth dates) first of all, which answered 200. The
 * member's route list comes from the API's own rules (GET /v1/auth/me), so a route added for
 * members and not classified here fails the listing test. On a database of its own: the suite
 * closes voting, which would close it for the other suites.
 */
import { randomUUID } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '../../libs/db/prisma';
import { type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';
import { designateMember, districtCommission, signInWithEds } from '../support/members';
import { votingDayPlace, votingDayRow, type VotingDayPlace } from '../support/voting-day-fixture';

const { stack, databaseUrl } = useLocalStackOnOwnDatabase('member_hours_e2e');
let db: PrismaClient;
const run = randomUUID().slice(0, 8);

/** The member's routes that stay open outside voting hours: nothing of an applicant's. */
const ANY_TIME = [
  'DELETE /v1/auth/sessions/:id',
  'GET /v1/auth/me',
  'GET /v1/auth/sessions',
  'GET /v1/calendar',
  'GET /v1/calendar/:year',
  'GET /v1/calendar/:year/revisions',
  'GET /v1/deadlines',
  'GET /v1/periods/:period/schedule',
  'GET /v1/places/districts',
  'GET /v1/places/regions',
  'GET /v1/places/stations',
  'GET /v1/voting-day/applications',
  'GET /v1/voting-day/applications/:id',
  'GET /v1/voting-day/applications/:id/history',
  'GET /v1/voting-day/stations',
  'GET /v1/voting-days',
  'POST /v1/users/:id/password',
];

/** Every other route of a member: closed outside voting hours (personal data, or acting on an application). */
const DURING_VOTING_ONLY = [
  'GET /v1/voting-day/applications/:id/personal-data',
  'GET /v1/voting-day/applications/:id/rejection.pdf',
  'GET /v1/voting-day/stations/:stationId/supplementary-list',
  'POST /v1/voting-day/applications',
  'POST /v1/voting-day/applications/:id/call-centre',
  'POST /v1/voting-day/applications/:id/decision',
  'POST /v1/voting-day/applications/:id/retry-lookup',
];

/** Open to anyone, signed in or not (no actor, so no member): health and signing in. */
const PUBLIC = [
  'GET /health',
  'GET /ready',
  'GET /v1/auth/eds-options',
  'POST /v1/auth/challenge',
  'POST /v1/auth/refresh',
  'POST /v1/auth/sign-in',
  'POST /v1/auth/sign-in-eds',
  'POST /v1/auth/sign-out',
];

let place: VotingDayPlace;
let votingDayId: string;
let token = '';
let applicationId = '';
let rejectedId = '';
let listed: { iin: string; surname: string };

const asMember = (method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
  stack.call(method, path, body, { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` });

const concrete = (path: string) =>
  path
    .replace(':stationId', place.stations[0].id)
    .replace(':id', path.includes('rejection.pdf') ? rejectedId : applicationId);

async function setHours(opensAt: Date, closesAt: Date) {
  await db.votingDay.update({ where: { id: votingDayId }, data: { opensAt, closesAt } });
}

const underWay = () => setHours(new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000));
const closed = () => setHours(new Date(Date.now() - 3 * 3_600_000), new Date(Date.now() - 1000));

beforeAll(async () => {
  db = createPrismaClient(databaseUrl, { maxConnections: 2 });
  place = await votingDayPlace(db, '23');
  votingDayId = await votingDayRow(db, new Date(Date.now() - 3_600_000), new Date(Date.now() + 3_600_000));
  const commission = await districtCommission(stack, place.districtId, `tik.${place.districtId}.${run}`);
  const { member, answer } = await designateMember(stack, commission.token, place.stations[0].id, `member.${run}`);
  if (!member) throw new Error(`member not designated: ${JSON.stringify(answer.body)}`);
  token = (await signInWithEds(stack, member!)).body.accessToken;

  // The precinct's day as the workflows leave it: an open application, a rejected one, an included applicant.
  const app = (n: number, status: 'AWAITING_DECISION' | 'REJECTED' | 'INCLUDED', iin: string) =>
    db.votingDayApplication.create({
      data: {
        id: randomUUID(),
        votingDayId,
        number: n,
        stationId: place.stations[0].id,
        stationNumber: place.stations[0].number,
        regionCode: place.regionCode,
        districtId: place.districtId,
        applicantIin: iin,
        workflowId: `member-hours-${randomUUID()}`,
        status,
        registeredBy: member!.id,
        registeredAt: new Date(),
        lookupResult: 'FOUND',
        ...(status === 'AWAITING_DECISION'
          ? {}
          : {
              decidedAt: new Date(),
              decidedBy: member!.id,
              rejectionReason: status === 'REJECTED' ? 'вне границ' : null,
            }),
      },
    });
  applicationId = (await app(1, 'AWAITING_DECISION', (await place.undescribed()).iin)).id;
  rejectedId = (await app(2, 'REJECTED', (await place.undescribed()).iin)).id;
  listed = await place.inside();
  const included = await app(3, 'INCLUDED', listed.iin);
  await db.supplementaryListEntry.create({
    data: {
      applicationId: included.id,
      votingDayId,
      stationId: place.stations[0].id,
      iin: listed.iin,
      surname: listed.surname,
      firstName: 'Ерлан',
      patronymic: 'Серикович',
      birthDate: new Date(Date.UTC(1980, 4, 17)),
      addedBy: member!.id,
      addedAt: new Date(),
    },
  });
});

afterAll(() => db?.$disconnect());

describe("a precinct member's routes and the voting day's hours", () => {
  it('lists every route of a member as either open at any time or open only while voting is under way', async () => {
    const me = await asMember('GET', '/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.routesOutsideVotingHours).toEqual(ANY_TIME);
    expect([...me.body.routes].sort()).toEqual([...PUBLIC, ...ANY_TIME, ...DURING_VOTING_ONLY].sort());
  });

  it('reads the supplementary list while voting is under way', async () => {
    await underWay();
    const list = await asMember('GET', `/v1/voting-day/stations/${place.stations[0].id}/supplementary-list`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ iin: listed.iin, surname: listed.surname })]);
  });

  describe('after voting has closed', () => {
    beforeAll(closed);
    afterAll(underWay);

    it.each(DURING_VOTING_ONLY)('refuses %s with 403 voting-day.not-open, audited', async (route) => {
      const [method, path] = route.split(' ') as [string, string];
      const before = await db.auditEvent.count({
        where: { action: 'access.outside-voting-hours', outcome: 'refused' },
      });
      const answer = await asMember(method, concrete(path), method === 'POST' ? {} : undefined);
      expect(answer).toMatchObject({
        status: 403,
        body: { code: 'voting-day.not-open', detail: expect.stringMatching(/only while voting is under way/) },
      });
      expect(JSON.stringify(answer.body)).not.toContain(listed.iin);
      expect(await db.auditEvent.count({ where: { action: 'access.outside-voting-hours', outcome: 'refused' } })).toBe(
        before + 1,
      );
    });

    it('still answers the routes that hold no applicant’s personal data', async () => {
      expect((await asMember('GET', '/v1/auth/me')).status).toBe(200);
      expect((await asMember('GET', `/v1/voting-day/applications/${applicationId}`)).status).toBe(200);
      expect((await asMember('GET', '/v1/voting-days')).status).toBe(200);
    });
  });
});
