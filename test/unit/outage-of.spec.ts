/**
 * Which errors the API answers as an outage (503 naming the service) rather than a 500: a pool that
 * gave no connection in time is the database not answering, whether Prisma says so as P2024 or, for
 * a transaction (a batch of queries runs as one on the driver adapter), as P2028 "Unable to start a
 * transaction in the given time": on a loaded machine CI met it as a 500 on the task list.
 */
import { Prisma } from '../../libs/db/prisma';
import { outageOf } from '../../apps/api/src/core/outages';

const known = (code: string, message: string) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: 'test' });

describe('outageOf', () => {
  it('answers a transaction that could not start in time as the database unavailable', () => {
    const outage = outageOf(known('P2028', 'Transaction API error: Unable to start a transaction in the given time.'));
    expect(outage?.getStatus()).toBe(503);
    expect(outage).toMatchObject({ code: 'service.unavailable', params: { service: 'database' } });
  });

  it('answers the pg driver’s own words for a connection that timed out or dropped as the database unavailable', () => {
    for (const words of [
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Connection terminated unexpectedly',
    ]) {
      const outage = outageOf(new Error(words));
      expect(outage).toMatchObject({ code: 'service.unavailable', params: { service: 'database' } });
    }
    expect(outageOf(new Error('Connection terminated due to a bug of our own'))).toBeNull();
  });

  it('leaves other transaction errors, and a query error, as they are', () => {
    expect(outageOf(known('P2028', 'Transaction API error: Transaction already closed.'))).toBeNull();
    expect(outageOf(known('P2002', 'Unique constraint failed on the fields: (`id`)'))).toBeNull();
  });
});
