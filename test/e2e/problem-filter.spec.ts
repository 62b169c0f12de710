/**
 * The API's problem filter as Nest provides it (ProblemsModule, the application's filter), on a
 * probe against the real test PostgreSQL: what Prisma refuses reaches the caller as problem+json
 * with the status it means, not as a 500. A record with the same key is 409; a record that is not
 * there is 404. (Issue 21: disabling this mapping left every e2e test green.) Every answer carries a
 * stable `code` and its `params`: the thrower's when it threw a Problem, else the status's generic code.
 */
import { ConflictException, Controller, Global, Module, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiLogger } from '../../apps/api/src/core/infrastructure.module';
import { Problem } from '../../apps/api/src/core/problem';
import { ProblemsModule } from '../../apps/api/src/core/problem.filter';
import type { PrismaClient } from '../../libs/db/prisma';
import { createLogger } from '../../libs/observability/logger';
import { testPrisma } from '../support/fixtures';

let prisma: PrismaClient;

@Controller('probe')
class PrismaProbe {
  /** The same region twice: its code is the primary key (P2002). */
  @Post('twice')
  async twice() {
    const code = '11';
    await prisma.region.upsert({
      where: { code },
      create: { code, nameRu: 'Акмолинская область', nameKk: 'Ақмола облысы', kind: 'OBLAST' },
      update: {},
    });
    await prisma.region.create({
      data: { code, nameRu: 'Акмолинская область', nameKk: 'Ақмола облысы', kind: 'OBLAST' },
    });
  }

  /** A change to a district that is not on record (P2025). */
  @Post('missing')
  async missing() {
    await prisma.district.update({ where: { id: 'no-such-district' }, data: { nameRu: 'x' } });
  }

  /** A refusal with its own code, parameters and field errors (as the files API throws them). */
  @Post('coded')
  coded() {
    throw new Problem(400, 'file.unknown-district', { districtId: 'd-9999' }, 'Unknown district', [
      { field: 'districtId', message: 'no district d-9999 is on record' },
    ]);
  }

  /** Nest's own exception, no code: the status's generic one. */
  @Post('plain')
  plain() {
    throw new ConflictException('Already decided');
  }

  /** Anything else: 500, generic. */
  @Post('broken')
  broken() {
    throw new Error('a bug');
  }
}

@Global()
@Module({
  providers: [{ provide: ApiLogger, useValue: { logger: createLogger('problem-filter-probe', 'fatal') } }],
  exports: [ApiLogger],
})
class ProbeLogging {}

let app: INestApplication;
let base = '';

beforeAll(async () => {
  prisma = await testPrisma();
  const moduleRef = await Test.createTestingModule({
    imports: [ProbeLogging, ProblemsModule],
    controllers: [PrismaProbe],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await app?.close();
});

const post = async (path: string) => {
  const res = await fetch(`${base}${path}`, { method: 'POST' });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
};

it('answers a record with the same key as 409 and a missing record as 404, in problem+json', async () => {
  expect(await post('/probe/twice')).toMatchObject({
    status: 409,
    type: expect.stringContaining('application/problem+json'),
    body: {
      type: 'https://tizim.kz/problems/409',
      status: 409,
      code: 'conflict',
      params: {},
      detail: 'A record with the same key already exists',
    },
  });
  expect(await post('/probe/missing')).toMatchObject({
    status: 404,
    type: expect.stringContaining('application/problem+json'),
    body: {
      type: 'https://tizim.kz/problems/404',
      status: 404,
      code: 'not-found',
      params: {},
      detail: 'The record does not exist',
    },
  });
  // And a route that is not there at all: 404, not naming it (the filter sees Nest's own refusals too).
  expect(await post('/probe/nowhere')).toMatchObject({
    status: 404,
    body: { code: 'not-found', params: {}, detail: 'No route takes POST at this path' },
  });
});

it('sends the code and parameters a Problem names, and the generic code of the status for any other refusal', async () => {
  expect(await post('/probe/coded')).toEqual({
    status: 400,
    type: expect.stringContaining('application/problem+json'),
    body: {
      type: 'https://tizim.kz/problems/400',
      title: 'The request is not valid',
      status: 400,
      code: 'file.unknown-district',
      params: { districtId: 'd-9999' },
      detail: 'Unknown district',
      errors: [{ field: 'districtId', message: 'no district d-9999 is on record' }],
    },
  });
  expect(await post('/probe/plain')).toMatchObject({
    status: 409,
    body: { code: 'conflict', params: {}, detail: 'Already decided' },
  });
  expect(await post('/probe/broken')).toMatchObject({ status: 500, body: { code: 'internal', params: {} } });
});
