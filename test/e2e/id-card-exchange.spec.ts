/**
 * The online ID-card exchange through the API, as the e-gov portal and the migration service use it:
 * the citizen pays the fee and applies (the card's expiry from the register); an officer of the
 * chosen region reviews it (the approval signed with their EDS over approval.json); the production
 * node reports the card made; the officer hands it out by ticket; the register learns the new card.
 * And the refusals: a reason other than expiry (apply at a public service centre, in Russian and
 * Kazakh), no fee, a second open application, an annulment with the fee refunded and a new fee, a
 * signature by someone else's key, another region's officer, other roles, the portal's credential.
 */
import { randomUUID } from 'node:crypto';
import { addDays, localDateTimeOf } from '../../libs/calendar';
import { signBytes, testSigner, type TestSigner } from '../support/certificates';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack, withTemporalUnreachable } from '../support/local-stack';
import { TEST_PORTAL_TOKEN } from '../support/test-env';
import { votingDayPlace, type VotingDayPlace } from '../support/voting-day-fixture';
import { findRegisterPerson } from '../../libs/db/register/read';
import { inRegister } from '../support/register';

const stack = useLocalStack();
const PASSWORD = 'migration officer password';
const JSON_ONLY = { 'Content-Type': 'application/json' };
const run = randomUUID().slice(0, 8);

const portal = (iin: string) => ({ Authorization: `Bearer ${TEST_PORTAL_TOKEN}`, 'X-Citizen-IIN': iin, ...JSON_ONLY });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, ...JSON_ONLY });

interface Officer {
  id: string;
  token: string;
  signer: TestSigner;
  certificateId: string;
}

async function official(
  role: string,
  territory: Record<string, string>,
  name: string,
): Promise<{ id: string; token: string }> {
  const username = `${name}.${run}`;
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: `Сотрудник ${name}`,
    password: PASSWORD,
    role,
    ...territory,
  });
  expect(created.status).toBe(201);
  const signed = await stack.call('POST', '/v1/auth/sign-in', { username, password: PASSWORD }, JSON_ONLY);
  expect(signed.status).toBe(200);
  return { id: created.body.id, token: signed.body.accessToken };
}

async function migrationOfficer(regionCode: string, name: string): Promise<Officer> {
  const o = await official('MIGRATION_OFFICER', { regionCode }, name);
  const signer = testSigner('p256', `Миграционная служба ${regionCode}`);
  const cert = await stack.call('POST', '/v1/certificates', {
    pem: signer.pem,
    holder: o.id,
    holderName: `Сотрудник ${name}`,
    holderRole: 'migration-officer',
  });
  expect(cert.status).toBe(201);
  return { ...o, signer, certificateId: cert.body.id };
}

let place: VotingDayPlace;
let officer23: Officer;
let officer71: Officer;
let today: string;

/** A registered citizen whose card expires in `days` calendar days. */
async function citizen(days: number): Promise<string> {
  const { iin } = await place.inside();
  await stack.prisma.registerVoter.update({
    where: inRegister(iin),
    data: {
      documentNumber: `0${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      documentIssuedOn: new Date('2016-12-01'),
      documentExpiresOn: new Date(`${addDays(today, days)}T00:00:00Z`),
    },
  });
  return iin;
}

async function payFee(iin: string): Promise<string> {
  const paid = await stack.call('POST', '/v1/citizen/state-fees', { amountTenge: 1474 }, portal(iin));
  expect(paid).toMatchObject({ status: 201, body: { status: 'PAID', amountTenge: 1474 } });
  return paid.body.id;
}

async function apply(iin: string, feePaymentId: string, reason = 'EXPIRY', regionCode = '23') {
  return stack.call('POST', '/v1/citizen/id-card/applications', { reason, regionCode, feePaymentId }, portal(iin));
}

async function approve(o: Officer, id: string, overrides: Record<string, string> = {}, signer = o.signer) {
  const text = await stack.call(
    'GET',
    `/v1/id-card/applications/${id}/approval.json?reason=review`,
    undefined,
    bearer(o.token),
  );
  expect(text.status).toBe(200);
  const signature = signBytes(signer, Buffer.from(text.body.text, 'utf8')).toString('base64');
  return stack.call(
    'POST',
    `/v1/id-card/applications/${id}/review`,
    { decision: 'APPROVE', certificateId: o.certificateId, signature, ...overrides },
    bearer(o.token),
  );
}

beforeAll(async () => {
  today = localDateTimeOf(Date.now()).date;
  const year = Number(today.slice(0, 4));
  await ensureCalendarYears(stack.prisma, [year, year + 1]);
  place = await votingDayPlace(stack.prisma, '23');
  officer23 = await migrationOfficer('23', 'migration23');
  officer71 = await migrationOfficer('71', 'migration71');
});

describe('online ID-card exchange (API)', () => {
  it('takes an application from the portal to pickup: fee, ticket, approval with EDS, production, pickup by ticket, the register updated', async () => {
    const iin = await citizen(20);
    const fee = await payFee(iin);
    const applied = await apply(iin, fee);
    expect(applied).toMatchObject({
      status: 201,
      body: { status: 'PENDING_REVIEW', regionCode: '23', refusal: null, feeStatus: 'CONSUMED' },
    });
    const { id, ticketNumber } = applied.body;
    expect(ticketNumber).toMatch(/^23-\d{6}-\d{6}$/);
    const dueAt = await eventually(
      'the review deadline',
      async () => (await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id } })).reviewDueAt,
    );
    expect(dueAt.getTime()).toBeGreaterThan(Date.now());

    // The officers' queue: their region only, IINs masked in the list.
    const queue = await stack.call(
      'GET',
      '/v1/id-card/applications?status=PENDING_REVIEW',
      undefined,
      bearer(officer23.token),
    );
    const listed = queue.body.find((a: { id: string }) => a.id === id);
    expect(listed).toMatchObject({
      ticketNumber,
      iin: `${iin.slice(0, 2)}******${iin.slice(8)}`,
      overdue: false,
      escalatedAt: null,
    });
    expect(
      (await stack.call('GET', '/v1/id-card/applications', undefined, bearer(officer71.token))).body.some(
        (a: { id: string }) => a.id === id,
      ),
    ).toBe(false);
    expect((await stack.call('GET', `/v1/id-card/applications/${id}`, undefined, bearer(officer71.token))).status).toBe(
      403,
    );
    expect(
      await stack.call(
        'GET',
        `/v1/id-card/applications/${id}?reason=photo%20check`,
        undefined,
        bearer(officer23.token),
      ),
    ).toMatchObject({ status: 200, body: { iin, status: 'PENDING_REVIEW' } });

    // The approval text names the application; the officer signs exactly it.
    const text = await stack.call(
      'GET',
      `/v1/id-card/applications/${id}/approval.json`,
      undefined,
      bearer(officer23.token),
    );
    expect(JSON.parse(text.body.text)).toMatchObject({
      kind: 'id-card-exchange-approval',
      decision: 'APPROVE',
      applicationId: id,
      ticketNumber,
      regionCode: '23',
    });
    const approved = await approve(officer23, id);
    expect(approved).toMatchObject({
      status: 200,
      body: {
        status: 'IN_PRODUCTION',
        reviewedBy: officer23.id,
        approvalSha256: text.body.sha256,
        approvalCertificateId: officer23.certificateId,
      },
    });
    // Decided once: no second approval text, no second decision.
    expect(
      await stack.call('GET', `/v1/id-card/applications/${id}/approval.json`, undefined, bearer(officer23.token)),
    ).toMatchObject({
      status: 409,
      body: { code: 'id-card.not-awaiting-review', params: { status: 'IN_PRODUCTION' } },
    });
    expect(
      (
        await stack.call(
          'POST',
          `/v1/id-card/applications/${id}/review`,
          { decision: 'ANNUL', reason: 'BAD_PHOTO' },
          bearer(officer23.token),
        )
      ).status,
    ).toBe(409);

    // Central production (the operator) reports the card; the citizen sees it ready.
    expect(
      await stack.call(
        'POST',
        `/v1/id-card/applications/${id}/produced`,
        { documentNumber: 'N12345678', issuedOn: today, expiresOn: today },
        OPERATOR_HEADERS,
      ),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'expiresOn', message: 'must be after issuedOn' }] } });
    expect(
      await stack.call(
        'POST',
        `/v1/id-card/applications/${id}/produced`,
        { documentNumber: 'N12345678', issuedOn: '2026-02-30', expiresOn: addDays(today, 3652) },
        OPERATOR_HEADERS,
      ),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'issuedOn', message: 'is not a real date' }] } });
    const produced = await stack.call(
      'POST',
      `/v1/id-card/applications/${id}/produced`,
      { documentNumber: 'N12345678', issuedOn: today, expiresOn: addDays(today, 3652) },
      OPERATOR_HEADERS,
    );
    expect(produced).toMatchObject({
      status: 200,
      body: { status: 'READY_FOR_PICKUP', newDocumentNumber: 'N12345678' },
    });
    expect(
      (await stack.call('GET', `/v1/citizen/id-card/applications/${id}`, undefined, portal(iin))).body,
    ).toMatchObject({ status: 'READY_FOR_PICKUP', ticketNumber });

    // Pickup by ticket, at the chosen region's registration point only.
    expect((await stack.call('POST', '/v1/id-card/pickup', { ticketNumber }, bearer(officer71.token))).status).toBe(
      403,
    );
    expect(
      await stack.call('POST', '/v1/id-card/pickup', { ticketNumber: '23-000000-000000' }, bearer(officer23.token)),
    ).toMatchObject({
      status: 404,
      body: { code: 'id-card.ticket-not-found', params: { ticketNumber: '23-000000-000000' } },
    });
    expect(
      await stack.call('POST', '/v1/id-card/pickup', { ticketNumber: 'my ticket' }, bearer(officer23.token)),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'ticketNumber' }] } });
    const picked = await stack.call('POST', '/v1/id-card/pickup', { ticketNumber }, bearer(officer23.token));
    expect(picked).toMatchObject({ status: 200, body: { status: 'PICKED_UP', pickedUpBy: officer23.id } });
    const voter = (await findRegisterPerson(stack.prisma, iin))!;
    expect(voter.documentNumber).toBe('N12345678');
    expect(voter.documentExpiresOn?.toISOString().slice(0, 10)).toBe(addDays(today, 3652));

    // Each step reached the citizen's e-gov cabinet.
    const delivered = await eventually('the cabinet messages', async () => {
      const rows = await stack.prisma.egovDelivery.findMany({ where: { subjectId: id, status: 'DELIVERED' } });
      return rows.length === 3 ? rows : null;
    });
    expect(delivered.map((d) => d.jobId.slice(`id-card-exchange-${id}-`.length)).sort()).toEqual([
      'accepted',
      'picked-up',
      'ready',
    ]);
    // Audited, and no IIN in the trail.
    const audit = await stack.prisma.auditEvent.findMany({ where: { subjectId: id } });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'citizen.id-card.apply',
        'id-card.read',
        'id-card.approval-text',
        'id-card.approve',
        'id-card.produced',
        'id-card.pickup',
      ]),
    );
    expect(JSON.stringify(audit.map(({ actor, subjectId, reason }) => ({ actor, subjectId, reason })))).not.toContain(
      iin,
    );
  });

  it("lists an application closed as not collected among the region's escalated ones, and hands nothing out for it", async () => {
    const iin = await citizen(21);
    const { id, ticketNumber } = (await apply(iin, await payFee(iin))).body;
    // As the workflow's closeIdCardNotCollected leaves it a week after the last reminder
    // (test/workflows/id-card-exchange.spec.ts drives the workflow there on the time-skipping server).
    const at = new Date();
    await stack.prisma.idCardApplication.update({
      where: { id },
      data: { status: 'NOT_COLLECTED', pickupEscalatedAt: at },
    });
    const escalated = await stack.call(
      'GET',
      '/v1/id-card/applications?escalated=true',
      undefined,
      bearer(officer23.token),
    );
    expect(escalated.body.find((a: { id: string }) => a.id === id)).toMatchObject({
      status: 'NOT_COLLECTED',
      escalatedAt: null,
      pickupEscalatedAt: at.toISOString(),
    });
    const calm = await stack.call(
      'GET',
      '/v1/id-card/applications?escalated=false',
      undefined,
      bearer(officer23.token),
    );
    expect(calm.body.some((a: { id: string }) => a.id === id)).toBe(false);
    const byStatus = await stack.call(
      'GET',
      '/v1/id-card/applications?status=NOT_COLLECTED',
      undefined,
      bearer(officer23.token),
    );
    expect(byStatus.body.map((a: { id: string }) => a.id)).toContain(id);
    const pickup = await stack.call('POST', '/v1/id-card/pickup', { ticketNumber }, bearer(officer23.token));
    expect(pickup).toMatchObject({ status: 409, body: { code: 'id-card.not-ready' } });
    expect((await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id } })).status).toBe('NOT_COLLECTED');
  });

  it('keeps an application whose workflow could not be started (503), and the same request again starts that one', async () => {
    const iin = await citizen(20);
    const fee = await payFee(iin);
    const refused = await withTemporalUnreachable(stack, (down) =>
      down(
        'POST',
        '/v1/citizen/id-card/applications',
        { reason: 'EXPIRY', regionCode: '23', feePaymentId: fee },
        portal(iin),
      ),
    );
    expect(refused.status).toBe(503);
    expect(refused.body.detail).toMatch(/^Заявка сохранена, но ещё не передана в работу/);
    const kept = await stack.prisma.idCardApplication.findMany({ where: { iin } });
    expect(kept).toMatchObject([{ status: 'PENDING_REVIEW', ticketNumber: null, feePaymentId: fee }]);

    const again = await apply(iin, fee);
    expect(again).toMatchObject({
      status: 201,
      body: { id: kept[0].id, status: 'PENDING_REVIEW', feeStatus: 'CONSUMED' },
    });
    expect(again.body.ticketNumber).toEqual(expect.any(String));
    expect(await stack.prisma.idCardApplication.count({ where: { iin } })).toBe(1);
    // Once it runs, the same request again is the usual refusal: one application at a time.
    expect((await apply(iin, fee)).status).toBe(409);
  }, 90_000);
  it('refuses what the online route does not take: another reason, no fee, a second application; the refusal in Russian and Kazakh', async () => {
    const iin = await citizen(5);
    const fee = await payFee(iin);
    const lost = await apply(iin, fee, 'LOSS');
    expect(lost).toMatchObject({
      status: 201,
      body: {
        status: 'REFUSED',
        ticketNumber: null,
        refusal: {
          code: 'reason-not-expiry',
          ru: 'Оформление не доступно, обратитесь в ЦОН',
          kk: 'Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз',
        },
      },
    });
    // The refused application did not use the fee: it serves the next one.
    expect((await stack.call('GET', '/v1/citizen/state-fees', undefined, portal(iin))).body).toEqual([
      expect.objectContaining({ id: fee, status: 'PAID' }),
    ]);
    const ok = await apply(iin, fee);
    expect(ok.body.status).toBe('PENDING_REVIEW');
    // A second application while one is under way, and a fee that is used up.
    const again = await apply(iin, await payFee(iin));
    expect(again).toMatchObject({ status: 409, body: { code: 'citizen.application-open' } });
    expect(again.body.detail).toContain(`талон № ${ok.body.ticketNumber}`);
    const other = await citizen(5);
    expect(await apply(other, fee)).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'feePaymentId', message: 'no such payment of yours' }] },
    });
    expect(await apply(other, randomUUID())).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'feePaymentId' }] },
    });
    expect(
      await stack.call(
        'POST',
        '/v1/citizen/id-card/applications',
        { reason: 'EXPIRY', regionCode: '7', feePaymentId: 'x' },
        portal(other),
      ),
    ).toMatchObject({
      status: 400,
      body: {
        errors: expect.arrayContaining([
          expect.objectContaining({ field: 'regionCode' }),
          expect.objectContaining({ field: 'feePaymentId' }),
        ]),
      },
    });
    // A citizen without a card on record.
    const noCard = (await place.inside()).iin;
    expect((await apply(noCard, await payFee(noCard))).status).toBe(422);
    // Too early: 31 days before expiry.
    const early = await citizen(31);
    expect((await apply(early, await payFee(early))).body).toMatchObject({
      status: 'REFUSED',
      refusal: { code: 'too-early' },
    });
    // A citizen sees only their own applications.
    expect(
      (await stack.call('GET', `/v1/citizen/id-card/applications/${ok.body.id}`, undefined, portal(other))).status,
    ).toBe(404);
    expect(
      (await stack.call('GET', '/v1/citizen/id-card/applications', undefined, portal(iin))).body.map(
        (a: { id: string }) => a.id,
      ),
    ).toEqual(expect.arrayContaining([ok.body.id, lost.body.id]));
  });

  it('annuls with the fee refunded; the citizen applies again with a new fee', async () => {
    const iin = await citizen(-3);
    const fee = await payFee(iin);
    const first = await apply(iin, fee);
    expect(first.body.status).toBe('PENDING_REVIEW');
    expect(
      await stack.call(
        'POST',
        `/v1/id-card/applications/${first.body.id}/review`,
        { decision: 'ANNUL' },
        bearer(officer23.token),
      ),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'reason' }] } });
    const annulled = await stack.call(
      'POST',
      `/v1/id-card/applications/${first.body.id}/review`,
      { decision: 'ANNUL', reason: 'BAD_PHOTO' },
      bearer(officer23.token),
    );
    expect(annulled).toMatchObject({
      status: 200,
      body: { status: 'ANNULLED', annulReason: 'BAD_PHOTO', fee: { id: fee, status: 'REFUNDED' } },
    });
    expect(
      (await stack.call('GET', `/v1/citizen/id-card/applications/${first.body.id}`, undefined, portal(iin))).body,
    ).toMatchObject({ status: 'ANNULLED', feeStatus: 'REFUNDED' });

    // The refunded fee does not serve again; a new one does.
    expect(await apply(iin, fee)).toMatchObject({
      status: 422,
      body: { errors: [{ field: 'feePaymentId', message: 'this fee was refunded' }] },
    });
    const second = await apply(iin, await payFee(iin));
    expect(second.body).toMatchObject({ status: 'PENDING_REVIEW' });
    expect(second.body.ticketNumber).not.toBe(first.body.ticketNumber);
    const message = await eventually('the annulment message', async () =>
      stack.prisma.egovDelivery.findUnique({ where: { jobId: `id-card-exchange-${first.body.id}-annulled` } }),
    );
    expect(message.kind).toBe('id-card-exchange');
  });

  it("approves only with the reviewing officer's own valid EDS, and only officers of the region review", async () => {
    const iin = await citizen(0);
    const { body } = await apply(iin, await payFee(iin));
    expect(body.status).toBe('PENDING_REVIEW');
    const stranger = testSigner('p256', 'Someone else');
    const forged = await approve(officer23, body.id, {}, stranger);
    expect(forged).toMatchObject({
      status: 422,
      body: {
        code: 'id-card.signature-refused',
        params: { reason: 'bad-signature' },
        errors: [{ field: 'signature', message: 'bad-signature' }],
      },
    });
    expect((await approve(officer23, body.id, { certificateId: officer71.certificateId })).body.errors).toEqual([
      { field: 'signature', message: 'wrong-holder' },
    ]);
    expect(
      (
        await stack.call(
          'POST',
          `/v1/id-card/applications/${body.id}/review`,
          { decision: 'APPROVE' },
          bearer(officer23.token),
        )
      ).body.errors,
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'certificateId' }),
        expect.objectContaining({ field: 'signature' }),
      ]),
    );
    const refused = await stack.prisma.auditEvent.findMany({
      where: { subjectId: body.id, action: 'id-card.approve' },
    });
    expect(refused.map((a) => [a.outcome, a.reason])).toEqual(
      expect.arrayContaining([
        ['refused', 'bad-signature'],
        ['refused', 'wrong-holder'],
      ]),
    );
    expect((await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id: body.id } })).status).toBe(
      'PENDING_REVIEW',
    );

    // Another region's officer, other roles, the portal: refused.
    expect(
      (
        await stack.call(
          'POST',
          `/v1/id-card/applications/${body.id}/review`,
          { decision: 'ANNUL', reason: 'BAD_PHOTO' },
          bearer(officer71.token),
        )
      ).status,
    ).toBe(403);
    const registrar = await official('AKIMAT_REGISTRAR', { districtId: '7101' }, 'registrar');
    const coordinator = await official('CEC_COORDINATOR', {}, 'coordinator');
    for (const token of [registrar.token, coordinator.token]) {
      expect((await stack.call('GET', '/v1/id-card/applications', undefined, bearer(token))).status).toBe(403);
      expect(
        (
          await stack.call(
            'POST',
            `/v1/id-card/applications/${body.id}/review`,
            { decision: 'ANNUL', reason: 'BAD_PHOTO' },
            bearer(token),
          )
        ).status,
      ).toBe(403);
    }
    expect(
      (await stack.call('GET', '/v1/id-card/applications', undefined, { Authorization: `Bearer ${TEST_PORTAL_TOKEN}` }))
        .status,
    ).toBe(403);
    // An officer cannot act as the citizen, nor as the production node.
    expect(
      (
        await stack.call('GET', '/v1/citizen/id-card/applications', undefined, {
          ...bearer(officer23.token),
          'X-Citizen-IIN': iin,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await stack.call(
          'POST',
          `/v1/id-card/applications/${body.id}/produced`,
          { documentNumber: 'N1', issuedOn: today, expiresOn: today },
          bearer(officer23.token),
        )
      ).status,
    ).toBe(403);

    // The right key approves.
    expect((await approve(officer23, body.id)).body.status).toBe('IN_PRODUCTION');
  });
});
