/**
 * The voting-day check end to end through the API (DOMAIN §3): precinct members signed in with
 * their EDS register applications; the worker looks the applicant up and matches the boundaries;
 * the member includes one applicant, rejects another after the call centre (and prints the copy);
 * the state registration service going down is retried and shown; every unauthorised path is
 * refused; many personal-data reads raise a security incident; an application still open at the
 * close of voting escalates and the territorial commission decides it.
 */
import { randomUUID } from 'node:crypto';
import { EGOV_CABINET_SERVICE } from '../../libs/gateways/egov-cabinet';
import { STATE_REGISTRATION_SERVICE } from '../../libs/gateways/state-registration';
import { eventually, OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStack, withTemporalUnreachable } from '../support/local-stack';
import { designateMember, districtCommission, signInWithEds, type DesignatedMember } from '../support/members';
import { pdfCharacters, pdfPages } from '../support/pdf';
import { votingDayPlace, votingDayRow, type VotingDayPlace } from '../support/voting-day-fixture';

const INCIDENT_LIMIT = 8;
const stack = useLocalStack({
  config: {
    TIZIM_LOOKUP_INCIDENT_LIMIT: String(INCIDENT_LIMIT),
    TIZIM_EGOV_ATTEMPTS: '3',
    TIZIM_EGOV_BACKOFF_MS: '100',
  },
});
const run = randomUUID().slice(0, 8);
const JSON_ONLY = { 'Content-Type': 'application/json' };

let place: VotingDayPlace;
let votingDayId: string;
let commission: { id: string; token: string };
let otherCommission: { id: string; token: string };
const tokens: Record<'a' | 'b' | 'other', string> = { a: '', b: '', other: '' };

const as =
  (token: string) =>
  (method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
    stack.call(method, path, body, { ...JSON_ONLY, Authorization: `Bearer ${token}` });
const memberA = () => as(tokens.a);

async function settled(id: string, token = tokens.a): Promise<ApiAnswer> {
  return eventually(`application ${id} to leave REGISTERED`, async () => {
    const answer = await as(token)('GET', `/v1/voting-day/applications/${id}`);
    return answer.body.status !== 'REGISTERED' ? answer : null;
  });
}

beforeAll(async () => {
  place = await votingDayPlace(stack.prisma, '23');
  const now = Date.now();
  votingDayId = await votingDayRow(stack.prisma, new Date(now - 3_600_000), new Date(now + 4 * 3_600_000));
  commission = await districtCommission(stack, place.districtId, `tik.${place.districtId}.${run}`);
  const elsewhere = await votingDayPlace(stack.prisma, '23');
  otherCommission = await districtCommission(stack, elsewhere.districtId, `tik.${elsewhere.districtId}.${run}`);
  const members: Record<string, DesignatedMember> = {};
  for (const [key, station] of [
    ['a', 0],
    ['b', 0],
    ['other', 1],
  ] as const) {
    const { member } = await designateMember(
      stack,
      commission.token,
      place.stations[station].id,
      `member.${run}.${key}`,
      key === 'b' ? 'rsa' : 'p256',
    );
    members[key] = member!;
    tokens[key] = (await signInWithEds(stack, member!)).body.accessToken;
  }
});

afterEach(async () => {
  await stack.prisma.localServiceOutage.deleteMany({});
});

describe('voting-day check through the API', () => {
  it('declares a voting day with its hours (07:00 to 20:00 in Almaty unless given), once per day', async () => {
    const created = await stack.call(
      'POST',
      '/v1/voting-days',
      { date: '2099-03-15', name: 'Республиканский референдум' },
      OPERATOR_HEADERS,
    );
    expect(created).toMatchObject({
      status: 201,
      body: {
        date: '2099-03-15',
        opensAt: '2099-03-15T02:00:00.000Z',
        closesAt: '2099-03-15T15:00:00.000Z',
        open: false,
      },
    });
    expect(
      (await stack.call('POST', '/v1/voting-days', { date: '2099-03-15', name: 'again' }, OPERATOR_HEADERS)).status,
    ).toBe(409);
    expect(
      await stack.call(
        'POST',
        '/v1/voting-days',
        {
          date: '2099-03-16',
          name: 'backwards',
          opensAt: '2099-03-16T20:00:00+05:00',
          closesAt: '2099-03-16T07:00:00+05:00',
        },
        OPERATOR_HEADERS,
      ),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'closesAt' }] } });
    const listed = await memberA()('GET', '/v1/voting-days');
    expect(listed.body.find((d: { id: string }) => d.id === votingDayId)).toMatchObject({ open: true });
  });

  it('includes an applicant registered inside the precinct: lookup, boundaries, supplementary list, e-gov message', async () => {
    const voter = await place.inside();
    const registered = await memberA()('POST', '/v1/voting-day/applications', { iin: voter.iin });
    expect(registered).toMatchObject({ status: 202, body: { stationNumber: place.stations[0].number, votingDayId } });
    expect(JSON.stringify(registered.body)).not.toContain(voter.iin);
    const id = registered.body.id as string;

    const looked = await settled(id);
    expect(looked.body).toMatchObject({
      status: 'AWAITING_DECISION',
      lookupResult: 'FOUND',
      boundaryVerdict: 'INSIDE',
      canInclude: true,
      inclusionRefusal: null,
    });
    const personal = await memberA()('GET', `/v1/voting-day/applications/${id}/personal-data`);
    expect(personal).toMatchObject({
      status: 200,
      body: {
        iin: voter.iin,
        registration: { locality: 'Костанай', street: 'Абая', house: '7' },
        person: { surname: voter.surname },
      },
    });
    const why = await stack.prisma.auditEvent.findFirst({
      where: { subjectId: id, action: 'voting-day.application.personal-data.read' },
    });
    expect(why?.reason).toBe(
      `deciding application No. ${registered.body.number} at precinct No. ${place.stations[0].number}`,
    );
    const lookup = await stack.prisma.auditEvent.findFirst({
      where: { subjectId: id, action: 'state-registration.lookup' },
    });
    expect(lookup).toMatchObject({
      actor: 'worker',
      outcome: 'ok',
      reason: `application No. ${registered.body.number} at precinct No. ${place.stations[0].number}`,
    });

    const decided = await memberA()('POST', `/v1/voting-day/applications/${id}/decision`, { decision: 'INCLUDE' });
    expect(decided).toMatchObject({ status: 200, body: { status: 'INCLUDED' } });
    const list = await memberA()('GET', `/v1/voting-day/stations/${place.stations[0].id}/supplementary-list`);
    expect(list.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ applicationId: id, iin: voter.iin, surname: voter.surname })]),
    );
    await eventually(
      'the e-gov message',
      async () => (await memberA()('GET', `/v1/voting-day/applications/${id}`)).body.notifiedAt,
    );
    const delivery = await stack.call('GET', '/v1/egov-deliveries?status=DELIVERED', undefined, OPERATOR_HEADERS);
    expect(delivery.body.map((d: { subjectId: string }) => d.subjectId)).toContain(id);

    // Decided: the member no longer sees the applicant's personal data; the history stays.
    expect((await memberA()('GET', `/v1/voting-day/applications/${id}/personal-data`)).status).toBe(403);
    const history = await memberA()('GET', `/v1/voting-day/applications/${id}/history`);
    expect(history.body.map((e: { kind: string }) => e.kind)).toEqual([
      'registered',
      'registration-lookup',
      'boundary-match',
      'included',
    ]);
    expect(JSON.stringify(history.body)).not.toContain(voter.iin);
  });

  it("rejects with reasons after the call centre, and prints the applicant's copy in Russian and Kazakh", async () => {
    const voter = await place.inStation2();
    const id = (await memberA()('POST', '/v1/voting-day/applications', { iin: voter.iin })).body.id as string;
    const looked = await settled(id);
    expect(looked.body).toMatchObject({
      boundaryVerdict: 'OUTSIDE',
      boundaryStations: [place.stations[1].number],
      canInclude: false,
    });
    expect(looked.body.inclusionRefusal).toMatch(/not inside this precinct's boundaries/);
    expect(
      await memberA()('POST', `/v1/voting-day/applications/${id}/decision`, { decision: 'INCLUDE' }),
    ).toMatchObject({ status: 409, body: { detail: expect.stringMatching(/not inside this precinct's boundaries/) } });
    expect(await memberA()('POST', `/v1/voting-day/applications/${id}/decision`, { decision: 'REJECT' })).toMatchObject(
      { status: 400, body: { errors: [{ field: 'reason' }] } },
    );

    expect(
      await memberA()('POST', `/v1/voting-day/applications/${id}/call-centre`, {
        stationNumber: place.stations[1].number,
        note: 'оператор 7',
      }),
    ).toMatchObject({ status: 200, body: { callCentreStationNumber: place.stations[1].number } });
    const reason = 'Место постоянной регистрации находится за пределами границ участка';
    const rejected = await memberA()('POST', `/v1/voting-day/applications/${id}/decision`, {
      decision: 'REJECT',
      reason,
      correctStationNumber: place.stations[1].number,
    });
    expect(rejected).toMatchObject({
      status: 200,
      body: { status: 'REJECTED', rejectionReason: reason, correctStationNumber: place.stations[1].number },
    });

    for (const lang of ['ru', 'kk']) {
      const res = await fetch(`${stack.base}/v1/voting-day/applications/${id}/rejection.pdf?lang=${lang}`, {
        headers: { Authorization: `Bearer ${tokens.a}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdfPages(pdf)).toBe(1);
      const letters = pdfCharacters(pdf);
      for (const ch of new Set([...reason, ...voter.surname, ...(lang === 'kk' ? 'ЖСНұәқ' : 'ИННотказ')]))
        if (ch !== ' ') expect(letters).toContain(ch);
    }
    const message = await eventually('the e-gov message', () =>
      stack.prisma.egovCabinetMessage.findUnique({ where: { deliveryKey: `voting-day-decision-${id}` } }),
    );
    expect(message.body).toContain(`Основание: ${reason}`);
  });

  it('shows the member that the state registration service is down, keeps retrying, and goes on when it answers', async () => {
    const voter = await place.inside();
    await stack.prisma.localServiceOutage.create({
      data: { service: STATE_REGISTRATION_SERVICE, until: new Date(Date.now() + 8_000), note: 'drill' },
    });
    const id = (await as(tokens.b)('POST', '/v1/voting-day/applications', { iin: voter.iin })).body.id as string;
    const waiting = await eventually('the outage shown', async () => {
      const a = await as(tokens.b)('GET', `/v1/voting-day/applications/${id}`);
      return a.body.lookupError ? a : null;
    });
    expect(waiting.body).toMatchObject({
      status: 'REGISTERED',
      lookupResult: null,
      canInclude: false,
      // By code for the console, which says it in Russian or Kazakh.
      lookupErrorCode: 'retrying',
      inclusionRefusalCode: 'lookup-running',
    });
    expect(waiting.body.lookupError).toMatch(
      /^The state registration service did not answer \(attempt \d+\); retrying$/,
    );
    expect(
      await as(tokens.b)('POST', `/v1/voting-day/applications/${id}/decision`, { decision: 'INCLUDE' }),
    ).toMatchObject({ status: 409, body: { detail: 'The registration lookup is still running: wait for its answer' } });

    const answered = await eventually(
      'the lookup after the outage',
      async () => {
        const a = await as(tokens.b)('GET', `/v1/voting-day/applications/${id}`);
        return a.body.status === 'AWAITING_DECISION' ? a : null;
      },
      30_000,
    );
    expect(answered.body).toMatchObject({
      lookupResult: 'FOUND',
      lookupError: null,
      lookupErrorCode: null,
      boundaryVerdict: 'INSIDE',
      canInclude: true,
      inclusionRefusalCode: null,
    });
    expect(answered.body.lookupAttempts).toBeGreaterThan(1);
    expect(
      (await as(tokens.b)('POST', `/v1/voting-day/applications/${id}/decision`, { decision: 'INCLUDE' })).body.status,
    ).toBe('INCLUDED');
  });

  it('keeps an application whose workflow could not be started (503), and the same registration again starts that one', async () => {
    const voter = await place.undescribed();
    const refused = await withTemporalUnreachable(stack, (down) =>
      down(
        'POST',
        '/v1/voting-day/applications',
        { iin: voter.iin },
        { ...JSON_ONLY, Authorization: `Bearer ${tokens.a}` },
      ),
    );
    expect(refused.status).toBe(503);
    expect(refused.body.detail).toMatch(
      /^Application No\. \d+ at precinct No\. \d+ is saved, but its workflow is not started yet: the workflow service could not be reached\. Register the same citizen again/,
    );
    expect(JSON.stringify(refused.body)).not.toContain(voter.iin);
    const kept = await stack.prisma.votingDayApplication.findMany({ where: { applicantIin: voter.iin, votingDayId } });
    expect(kept).toMatchObject([{ status: 'REGISTERED' }]);

    const again = await memberA()('POST', '/v1/voting-day/applications', { iin: voter.iin });
    expect(again).toMatchObject({ status: 202, body: { id: kept[0].id, number: kept[0].number } });
    await settled(kept[0].id);
    expect(await stack.prisma.votingDayApplication.count({ where: { applicantIin: voter.iin, votingDayId } })).toBe(1);
    // Once it runs, the same registration again is the usual refusal: decide the open one first.
    expect((await memberA()('POST', '/v1/voting-day/applications', { iin: voter.iin })).status).toBe(409);
  }, 90_000);

  it("refuses what is not the member's to do: another precinct, a free IIN lookup, a bad IIN, a second open application, outside voting hours", async () => {
    const voter = await place.undescribed();
    const id = (await memberA()('POST', '/v1/voting-day/applications', { iin: voter.iin })).body.id as string;
    await settled(id);

    // Another precinct's member: neither the application nor its personal data (audited).
    expect((await as(tokens.other)('GET', `/v1/voting-day/applications/${id}`)).status).toBe(403);
    expect((await as(tokens.other)('GET', `/v1/voting-day/applications/${id}/personal-data`)).status).toBe(403);
    expect(
      (
        await as(tokens.other)('POST', `/v1/voting-day/applications/${id}/decision`, {
          decision: 'REJECT',
          reason: 'не наш участок',
        })
      ).status,
    ).toBe(403);
    expect(
      await stack.prisma.auditEvent.count({
        where: { subjectId: id, action: 'access.out-of-territory', outcome: 'refused' },
      }),
    ).toBe(3);
    expect(
      (await as(tokens.other)('GET', '/v1/voting-day/applications')).body.map((a: { id: string }) => a.id),
    ).not.toContain(id);

    // No lookup without an application: the register is not open to members.
    expect(
      (await memberA()('POST', '/v1/registration-checks', { iin: voter.iin, reason: 'just looking' })).status,
    ).toBe(403);
    expect(await memberA()('POST', '/v1/voting-day/applications', { iin: '123456789012' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'iin' }] },
    });
    expect(await as(tokens.b)('POST', '/v1/voting-day/applications', { iin: voter.iin })).toMatchObject({
      status: 409,
      body: {
        code: 'voting-day.application-open',
        params: { number: expect.any(Number), stationNumber: expect.any(Number) },
        detail: expect.stringMatching(/already has an open application today: No\. \d+ at precinct No\. \d+/),
      },
    });

    // The territorial commission: not before escalation; another district's not at all; coordinators never decide.
    expect(
      await as(commission.token)('POST', `/v1/voting-day/applications/${id}/decision`, {
        decision: 'REJECT',
        reason: 'не входит в границы',
      }),
    ).toMatchObject({
      status: 403,
      body: { code: 'voting-day.not-escalated', detail: expect.stringMatching(/once it has escalated/) },
    });
    expect((await as(otherCommission.token)('GET', `/v1/voting-day/applications/${id}`)).status).toBe(403);
    expect(await as(commission.token)('GET', `/v1/voting-day/applications/${id}/personal-data`)).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'reason' }] },
    });
    expect(
      (
        await as(commission.token)(
          'GET',
          `/v1/voting-day/applications/${id}/personal-data?reason=${encodeURIComponent('complaint No. 5 review')}`,
        )
      ).body.iin,
    ).toBe(voter.iin);

    // Outside voting hours a member can do nothing.
    const day = await stack.prisma.votingDay.findUniqueOrThrow({ where: { id: votingDayId } });
    await stack.prisma.votingDay.update({
      where: { id: votingDayId },
      data: { closesAt: new Date(Date.now() - 1000) },
    });
    try {
      const after = await memberA()('POST', '/v1/voting-day/applications', { iin: (await place.inside()).iin });
      expect(after).toMatchObject({
        status: 403,
        body: { code: 'voting-day.not-open', detail: expect.stringMatching(/only while voting is under way/) },
      });
      expect((await memberA()('GET', `/v1/voting-day/applications/${id}/personal-data`)).status).toBe(403);
      expect(
        (
          await memberA()('POST', `/v1/voting-day/applications/${id}/decision`, {
            decision: 'REJECT',
            reason: 'вне границ участка',
          })
        ).status,
      ).toBe(403);
    } finally {
      await stack.prisma.votingDay.update({ where: { id: votingDayId }, data: { closesAt: day.closesAt } });
    }
    expect(
      (
        await memberA()('POST', `/v1/voting-day/applications/${id}/decision`, {
          decision: 'REJECT',
          reason: 'Адрес не описан в границах участка',
        })
      ).status,
    ).toBe(200);
  });

  it('raises a security incident when one member reads personal data too often', async () => {
    const voter = await place.undescribed();
    const id = (await as(tokens.b)('POST', '/v1/voting-day/applications', { iin: voter.iin })).body.id as string;
    await settled(id, tokens.b);
    const memberB = (await stack.prisma.user.findUniqueOrThrow({ where: { username: `member.${run}.b` } })).id;
    for (let i = 0; i < INCIDENT_LIMIT + 2; i += 1)
      expect((await as(tokens.b)('GET', `/v1/voting-day/applications/${id}/personal-data`)).status).toBe(200);
    const incidents = await stack.call('GET', '/v1/security-incidents', undefined, OPERATOR_HEADERS);
    const mine = incidents.body.filter((i: { userId: string }) => i.userId === memberB);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      kind: 'excessive-personal-data-reads',
      stationId: place.stations[0].id,
      reportedAt: null,
    });
    expect(mine[0].count).toBeGreaterThan(INCIDENT_LIMIT);
    expect((await as(tokens.b)('GET', '/v1/security-incidents')).status).toBe(403);
    expect(
      await stack.call('POST', `/v1/security-incidents/${mine[0].id}/reported`, {}, OPERATOR_HEADERS),
    ).toMatchObject({ status: 200, body: { reportedBy: 'operator' } });
    await as(tokens.b)('POST', `/v1/voting-day/applications/${id}/decision`, {
      decision: 'REJECT',
      reason: 'Адрес не описан в границах участка',
    });
  });

  it('keeps a message the e-gov portal refused to the last try as a dead letter, and an admin sends it again', async () => {
    const voter = await place.inside();
    await stack.prisma.localServiceOutage.create({
      data: { service: EGOV_CABINET_SERVICE, until: new Date(Date.now() + 3_600_000), note: 'drill' },
    });
    const id = (await memberA()('POST', '/v1/voting-day/applications', { iin: voter.iin })).body.id as string;
    await settled(id);
    expect(
      (await memberA()('POST', `/v1/voting-day/applications/${id}/decision`, { decision: 'INCLUDE' })).status,
    ).toBe(200);
    const jobId = `voting-day-decision-${id}`;
    const dead = await eventually('the dead letter', async () => {
      const list = await stack.call('GET', '/v1/egov-deliveries?status=DEAD', undefined, OPERATOR_HEADERS);
      return list.body.find((d: { jobId: string }) => d.jobId === jobId);
    });
    expect(dead).toMatchObject({
      attempts: 3,
      lastError: 'The e-gov portal did not accept the message',
      deliveredAt: null,
    });
    expect((await as(commission.token)('POST', `/v1/egov-deliveries/${jobId}/retry`)).status).toBe(403);

    await stack.prisma.localServiceOutage.deleteMany({});
    expect(await stack.call('POST', `/v1/egov-deliveries/${jobId}/retry`, {}, OPERATOR_HEADERS)).toMatchObject({
      status: 200,
      body: { status: 'QUEUED' },
    });
    await eventually(
      'the delivery after the retry',
      async () => (await memberA()('GET', `/v1/voting-day/applications/${id}`)).body.notifiedAt,
    );
    // The consumer records the application's notifiedAt, then the delivery's DELIVERED: wait for the
    // second too rather than read it at once (it raced on a busy machine).
    await eventually(
      'the delivery marked DELIVERED',
      async () => (await stack.prisma.egovDelivery.findUniqueOrThrow({ where: { jobId } })).status === 'DELIVERED',
    );
    expect(await stack.prisma.egovCabinetMessage.count({ where: { deliveryKey: jobId } })).toBe(1);
    expect((await stack.call('POST', `/v1/egov-deliveries/${jobId}/retry`, {}, OPERATOR_HEADERS)).status).toBe(409);
  });

  it('escalates an application still open at the close of voting; the territorial commission decides it', async () => {
    const voter = await place.deceased();
    const day = await stack.prisma.votingDay.findUniqueOrThrow({ where: { id: votingDayId } });
    await stack.prisma.votingDay.update({
      where: { id: votingDayId },
      data: { closesAt: new Date(Date.now() + 4_000) },
    });
    let id: string;
    try {
      id = (await memberA()('POST', '/v1/voting-day/applications', { iin: voter.iin })).body.id as string;
      const looked = await settled(id);
      expect(looked.body.inclusionRefusal).toMatch(/bars this citizen/);
      expect(looked.body.inclusionRefusalCode).toBe('barred');
      const escalation = await eventually(
        'the close-of-voting escalation',
        async () => {
          const list = await as(commission.token)('GET', '/v1/voting-day/escalations');
          return list.body.find((e: { applicationId: string }) => e.applicationId === id);
        },
        30_000,
      );
      expect(escalation).toMatchObject({
        reason: 'VOTING_CLOSED',
        stationNumber: place.stations[0].number,
        closedAt: null,
        // The console names the station and the application (no personal data).
        stationId: place.stations[0].id,
        station: { number: place.stations[0].number, premises: 'Школа № 1', locality: 'Костанай' },
        applicationNumber: looked.body.number,
        applicationStatus: 'AWAITING_DECISION',
      });
      expect(
        (await as(otherCommission.token)('GET', '/v1/voting-day/escalations')).body.map(
          (e: { applicationId: string }) => e.applicationId,
        ),
      ).not.toContain(id);
      expect(
        (
          await memberA()('POST', `/v1/voting-day/applications/${id}/decision`, {
            decision: 'REJECT',
            reason: 'Запись о смерти в регистре',
          })
        ).status,
      ).toBe(403);
    } finally {
      await stack.prisma.votingDay.update({ where: { id: votingDayId }, data: { closesAt: day.closesAt } });
    }
    const decided = await as(commission.token)('POST', `/v1/voting-day/applications/${id}/decision`, {
      decision: 'REJECT',
      reason: 'Регистр содержит запись, исключающую участие в голосовании',
    });
    expect(decided).toMatchObject({ status: 200, body: { status: 'REJECTED', escalations: ['VOTING_CLOSED'] } });
    const row = await stack.prisma.votingDayApplication.findUniqueOrThrow({ where: { id } });
    expect(row.decidedBy).toBe(commission.id);
    expect(
      (
        await stack.call('GET', '/v1/voting-day/escalations', undefined, {
          Authorization: `Bearer ${commission.token}`,
        })
      ).body.map((e: { applicationId: string }) => e.applicationId),
    ).not.toContain(id);
  });

  it("names the district's stations and designated members to its commission only (audited), and each official's stations", async () => {
    const listed = await as(commission.token)('GET', '/v1/precinct-members');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ districtId: place.districtId, seats: 2 });
    expect(listed.body.districtNameRu).toBe(`Тестовый район ${place.districtId}`);
    const byNumber = new Map(
      (
        listed.body.stations as {
          number: number;
          premises: string;
          members: { username: string; enabled: boolean }[];
        }[]
      ).map((s) => [s.number, s]),
    );
    expect([...byNumber.keys()]).toEqual(place.stations.map((s) => s.number));
    expect(byNumber.get(place.stations[0].number)).toMatchObject({ premises: 'Школа № 1' });
    expect(
      byNumber
        .get(place.stations[0].number)!
        .members.map((m) => m.username)
        .sort(),
    ).toEqual([`member.${run}.a`, `member.${run}.b`]);
    expect(byNumber.get(place.stations[1].number)!.members.map((m) => m.username)).toEqual([`member.${run}.other`]);
    expect(JSON.stringify(listed.body)).not.toMatch(/iin/i);
    expect(
      await stack.prisma.auditEvent.count({
        where: { actor: commission.id, action: 'precinct-members.read', subjectId: place.districtId },
      }),
    ).toBeGreaterThan(0);
    // Another district's commission sees its own district only; no other role has the list.
    const other = await as(otherCommission.token)('GET', '/v1/precinct-members');
    expect(other.body.districtId).not.toBe(place.districtId);
    expect((other.body.stations as { members: unknown[] }[]).every((s) => s.members.length === 0)).toBe(true);
    expect((await memberA()('GET', '/v1/precinct-members')).status).toBe(403);
    expect((await stack.call('GET', '/v1/precinct-members', undefined, OPERATOR_HEADERS)).status).toBe(403);

    // The stations by name, within each official's territory: a member's own, the commission's district.
    const mine = await memberA()('GET', '/v1/voting-day/stations');
    expect(mine.body).toEqual([
      expect.objectContaining({
        id: place.stations[0].id,
        number: place.stations[0].number,
        premises: 'Школа № 1',
        districtNameRu: `Тестовый район ${place.districtId}`,
      }),
    ]);
    const district = await as(commission.token)('GET', '/v1/voting-day/stations');
    expect(district.body.map((s: { id: string }) => s.id)).toEqual(place.stations.map((s) => s.id));
    expect(
      (await as(otherCommission.token)('GET', `/v1/voting-day/stations?districtId=${place.districtId}`)).body,
    ).toEqual([]);
  });
});
