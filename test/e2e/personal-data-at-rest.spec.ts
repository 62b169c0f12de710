/**
 * Where a citizen's IIN rests (README, "Personal data"): the tables that only match a citizen or
 * address a message to them keep a keyed hash of the IIN, never the IIN. Each feature is driven
 * end to end through the API, the workflow and the worker; then every text column of the rows it
 * wrote is scanned for an IIN-shaped number (twelve digits standing alone).
 */
import { randomUUID } from 'node:crypto';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { LocalEgovCabinet } from '../../libs/gateways/egov-cabinet';
import { LocalPropertyRegistry } from '../../libs/gateways/property-registry';
import { eventually, registeredVoter } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { TEST_PORTAL_TOKEN } from '../support/test-env';
import { votingDayPlace } from '../support/voting-day-fixture';

const stack = useLocalStack();
const portal = (iin: string) => ({
  Authorization: `Bearer ${TEST_PORTAL_TOKEN}`,
  'X-Citizen-IIN': iin,
  'Content-Type': 'application/json',
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const IIN_SHAPED = /\b\d{12}\b/;

/**
 * The text-like columns of `table` (text, char, varchar, json, arrays) whose value in the rows
 * `where` selects holds an IIN-shaped number, as `column: value`. Ids (UUIDs) are left out of the
 * scan: their last group may be twelve digits.
 */
async function iinsInTheClear(table: string, where: string, ...params: unknown[]): Promise<string[]> {
  const columns = await stack.prisma.$queryRaw<{ column_name: string }[]>`
    SELECT column_name::text FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ${table}
       AND data_type IN ('text', 'character', 'character varying', 'json', 'jsonb', 'ARRAY')`;
  expect(columns.length).toBeGreaterThan(0);
  const select = columns.map((c) => `"${c.column_name}"::text AS "${c.column_name}"`).join(', ');
  const rows = await stack.prisma.$queryRawUnsafe<Record<string, string | null>[]>(
    `SELECT ${select} FROM "${table}" WHERE ${where}`,
    ...params,
  );
  expect(rows.length).toBeGreaterThan(0);
  return rows.flatMap((row) =>
    Object.entries(row)
      .filter(([, value]) => value !== null && IIN_SHAPED.test(value.replace(UUID, 'uuid')))
      .map(([column, value]) => `${table}.${column}: ${value}`),
  );
}

describe('IINs at rest', () => {
  it('a registration check, once the citizen is notified, and the cabinet message keep a keyed hash only', async () => {
    const voter = await registeredVoter(stack.prisma);
    const started = await stack.call('POST', '/v1/registration-checks', { iin: voter.iin, reason: 'at-rest test' });
    expect(started.status).toBe(202);
    const done = await eventually('the check to be notified', async () => {
      const res = await stack.call('GET', `/v1/registration-checks/${started.body.id}`);
      return res.body.notifiedAt ? res : null;
    });
    expect(done.body).toMatchObject({ status: 'FOUND', stationNumber: voter.station!.number });

    expect(await iinsInTheClear('registration_check', 'id = $1::uuid', started.body.id)).toEqual([]);
    const deliveryKey = `registration-check-completed-${started.body.id}`;
    expect(await iinsInTheClear('egov_cabinet_message', 'delivery_key = $1', deliveryKey)).toEqual([]);
    // Still the citizen's: their cabinet finds the message by the keyed hash, and so does the check.
    const hash = iinHmac(stack.config.iinHmacKey, voter.iin);
    const cabinet = new LocalEgovCabinet(stack.prisma, stack.config.iinHmacKey);
    expect((await cabinet.messagesFor(voter.iin)).map((m) => m.deliveryKey)).toContain(deliveryKey);
    const [check] = await stack.prisma.$queryRaw<{ iin_hmac: string }[]>`
      SELECT iin_hmac FROM registration_check WHERE id = ${started.body.id}::uuid`;
    expect(check.iin_hmac).toBe(hash);
  });

  it("a citizen's state fee keeps a keyed hash, and the citizen still finds their own fees (and no one else's)", async () => {
    const place = await votingDayPlace(stack.prisma, '23');
    const [payer, other] = [await place.inside(), await place.inside()];
    const paid = await stack.call('POST', '/v1/citizen/state-fees', { amountTenge: 1474 }, portal(payer.iin));
    expect(paid).toMatchObject({ status: 201, body: { status: 'PAID' } });
    expect(await iinsInTheClear('state_fee_payment', 'id = $1::uuid', paid.body.id)).toEqual([]);

    const own = await stack.call('GET', '/v1/citizen/state-fees', undefined, portal(payer.iin));
    expect(own.body.map((f: { id: string }) => f.id)).toContain(paid.body.id);
    const others = await stack.call('GET', '/v1/citizen/state-fees', undefined, portal(other.iin));
    expect(others.body.map((f: { id: string }) => f.id)).not.toContain(paid.body.id);
  });

  it("a property's owner is kept as a keyed hash, and the owner's view still knows the owner", async () => {
    const place = await votingDayPlace(stack.prisma, '23');
    const [owner, stranger] = [await place.undescribed(), await place.inside()];
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
    expect(await iinsInTheClear('property_record', 'cadastral_number = $1', cadastralNumber)).toEqual([]);

    const path = `/v1/citizen/properties/${encodeURIComponent(cadastralNumber)}/residents`;
    expect((await stack.call('GET', path, undefined, portal(owner.iin))).status).toBe(200);
    expect(await stack.call('GET', path, undefined, portal(stranger.iin))).toMatchObject({
      status: 403,
      body: { code: 'citizen.not-owner' },
    });
  });
});
