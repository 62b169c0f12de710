/**
 * Citizens' services through the API, called as the e-gov portal calls them: a citizen's own
 * registered address, an owner's view of who is registered at their property (masked IINs and
 * registration dates only), and the refusals: no portal credential, an official's token, no or a bad
 * IIN, no registration, someone else's property, an unknown property, too many requests. Audited.
 */
import { randomUUID } from 'node:crypto';
import { LocalPropertyRegistry } from '../../libs/gateways/property-registry';
import { useLocalStack } from '../support/local-stack';
import { OPERATOR_HEADERS } from '../support/fixtures';
import { TEST_PORTAL_TOKEN } from '../support/test-env';
import { votingDayPlace, type VotingDayPlace } from '../support/voting-day-fixture';
import { inRegister } from '../support/register';

const stack = useLocalStack({ config: { TIZIM_CITIZEN_RATE_PER_MINUTE: '12' } });
const portal = (iin: string) => ({ Authorization: `Bearer ${TEST_PORTAL_TOKEN}`, 'X-Citizen-IIN': iin });

let place: VotingDayPlace;
beforeAll(async () => {
  place = await votingDayPlace(stack.prisma, '23');
});

describe("citizens' services (e-gov portal)", () => {
  it("shows a citizen their own registered address, and nobody else's", async () => {
    const voter = await place.inside();
    await stack.prisma.registerVoter.update({
      where: inRegister(voter.iin),
      data: { registeredOn: new Date('2019-04-02') },
    });
    const own = await stack.call('GET', '/v1/citizen/address', undefined, portal(voter.iin));
    expect(own).toMatchObject({
      status: 200,
      body: {
        region: { code: '23', nameKk: 'Атырау облысы' },
        district: { id: place.districtId },
        locality: 'Костанай',
        street: 'Абая',
        house: '7',
        apartment: '12',
        registeredOn: '2019-04-02',
      },
    });
    // Without registration: not found, in both languages.
    const deregistered = await place.deregistered();
    expect(await stack.call('GET', '/v1/citizen/address', undefined, portal(deregistered.iin))).toMatchObject({
      status: 404,
      body: { code: 'citizen.no-registration', detail: 'Постоянная регистрация не найдена / Тұрақты тіркеу табылмады' },
    });
    expect((await stack.call('GET', '/v1/citizen/address', undefined, portal(await place.unknownIin()))).status).toBe(
      404,
    );

    // Only the portal, with its credential and the citizen named.
    expect((await stack.call('GET', '/v1/citizen/address', undefined, { 'X-Citizen-IIN': voter.iin })).status).toBe(
      401,
    );
    expect(
      (await stack.call('GET', '/v1/citizen/address', undefined, { ...OPERATOR_HEADERS, 'X-Citizen-IIN': voter.iin }))
        .status,
    ).toBe(401);
    expect(
      await stack.call('GET', '/v1/citizen/address', undefined, { Authorization: `Bearer ${TEST_PORTAL_TOKEN}` }),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'X-Citizen-IIN' }] } });
    expect((await stack.call('GET', '/v1/citizen/address', undefined, portal('123456789012'))).status).toBe(400);
    // …and the portal's credential opens nothing else.
    expect(
      (await stack.call('GET', '/v1/calendar', undefined, { Authorization: `Bearer ${TEST_PORTAL_TOKEN}` })).status,
    ).toBe(403);

    const audit = await stack.prisma.auditEvent.findMany({
      where: { action: 'citizen.address.read' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.outcome)).toEqual(['ok', 'not-found', 'not-found']);
    expect(JSON.stringify(audit.map(({ actor, subjectId, reason }) => ({ actor, subjectId, reason })))).not.toContain(
      voter.iin,
    );
  });

  it('shows an owner who is registered at their property (masked IINs, dates only), and refuses anyone else', async () => {
    const [owner, a, b, elsewhere] = [
      await place.undescribed(),
      await place.inside(),
      await place.inside(),
      await place.inStation2(),
    ];
    await stack.prisma.registerVoter.update({
      where: inRegister(a.iin),
      data: { registeredOn: new Date('2015-01-20') },
    });
    const cadastralNumber = `23:${randomUUID().slice(0, 8)}`;
    await new LocalPropertyRegistry(stack.prisma, stack.config.iinHmacKey).record({
      cadastralNumber,
      ownerIin: owner.iin,
      regionCode: '23',
      districtId: place.districtId,
      locality: 'г. Костанай',
      street: 'ул. Абая',
      house: '7',
      apartment: '12',
    });

    const view = await stack.call(
      'GET',
      `/v1/citizen/properties/${encodeURIComponent(cadastralNumber)}/residents`,
      undefined,
      portal(owner.iin),
    );
    expect(view.status).toBe(200);
    const deregistered = new Set(
      (await stack.prisma.registerStatusFact.findMany({ where: { kind: 'DEREGISTERED' }, select: { iin: true } })).map(
        (f) => f.iin,
      ),
    );
    const registered = (
      await stack.prisma.registerVoter.findMany({
        where: { districtId: place.districtId, street: 'Абая', house: '7', apartment: '12' },
      })
    ).filter((v) => !deregistered.has(v.iin));
    expect(view.body.residents).toHaveLength(registered.length);
    expect(view.body.residents).toEqual(
      expect.arrayContaining([
        { iin: `${a.iin.slice(0, 2)}******${a.iin.slice(8)}`, registeredOn: '2015-01-20' },
        { iin: `${b.iin.slice(0, 2)}******${b.iin.slice(8)}`, registeredOn: null },
      ]),
    );
    const text = JSON.stringify(view.body);
    for (const iin of [a.iin, b.iin]) expect(text).not.toContain(iin);
    expect(text).not.toContain(a.surname);
    expect(text).not.toContain(elsewhere.iin.slice(0, 2) + '******' + elsewhere.iin.slice(8));

    const refused = await stack.call(
      'GET',
      `/v1/citizen/properties/${encodeURIComponent(cadastralNumber)}/residents`,
      undefined,
      portal(a.iin),
    );
    expect(refused).toMatchObject({
      status: 403,
      body: {
        detail:
          'Сведения о зарегистрированных лицах доступны только собственнику этой недвижимости / Тіркелген адамдар туралы мәліметтер тек осы жылжымайтын мүліктің меншік иесіне қолжетімді',
      },
    });
    expect(
      (await stack.call('GET', '/v1/citizen/properties/23%3Anowhere/residents', undefined, portal(owner.iin))).status,
    ).toBe(404);
    const audit = await stack.prisma.auditEvent.findMany({
      where: { action: 'citizen.property.residents', subjectId: cadastralNumber },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((e) => e.outcome)).toEqual(['ok', 'refused']);
  });

  it('limits each citizen separately', async () => {
    const [one, two] = [await place.inside(), await place.inside()];
    const statuses: number[] = [];
    for (let i = 0; i < 13; i += 1)
      statuses.push((await stack.call('GET', '/v1/citizen/address', undefined, portal(one.iin))).status);
    expect(statuses.slice(0, 12).every((s) => s === 200)).toBe(true);
    const limited = await stack.call('GET', '/v1/citizen/address', undefined, portal(one.iin));
    expect(limited.status).toBe(429);
    expect(limited.body.detail).toMatch(/for each citizen/);
    expect((await stack.call('GET', '/v1/citizen/address', undefined, portal(two.iin))).status).toBe(200);
  });
});
