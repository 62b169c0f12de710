/**
 * `@CurrentActor()` (core/current-actor.decorator.ts) on a probe with the real problem filter: every
 * route of the API that takes the actor is behind the bearer-token guard, so this is the one way to
 * reach the decorator without a signed-in official. Such a route must answer 401 in problem+json,
 * never run its handler with `undefined` for the actor; with an actor on the request it hands it on.
 */
import { Controller, Get, Global, Module, type INestApplication, type NestMiddleware } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NextFunction, Request, Response } from 'express';
import type { Actor, ActorRequest } from '../../apps/api/src/core/access';
import { CurrentActor } from '../../apps/api/src/core/current-actor.decorator';
import { ApiLogger } from '../../apps/api/src/core/infrastructure.module';
import { ProblemsModule } from '../../apps/api/src/core/problem.filter';
import { createLogger } from '../../libs/observability/logger';

const handled: (Actor | undefined)[] = [];

/** No guard on purpose: what a route that forgot its guard would be. */
@Controller('probe')
class ActorProbe {
  @Get('unguarded')
  unguarded(@CurrentActor() actor: Actor) {
    handled.push(actor);
    return { actor: actor ?? null };
  }

  @Get('signed-in')
  signedIn(@CurrentActor() actor: Actor) {
    handled.push(actor);
    return { actor };
  }
}

/** Puts an actor on the request the way the guard does, for the second route only. */
class SignedInAs implements NestMiddleware {
  use(req: Request & ActorRequest, _res: Response, next: NextFunction) {
    req.actor = { id: 'user-7', role: 'DISTRICT_COMMISSION', regionCode: '75', districtId: '751110000' };
    next();
  }
}

@Global()
@Module({
  providers: [{ provide: ApiLogger, useValue: { logger: createLogger('current-actor-probe', 'fatal') } }],
  exports: [ApiLogger],
})
class ProbeLogging {}

let app: INestApplication;
let base = '';

beforeAll(async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [ProbeLogging, ProblemsModule],
    controllers: [ActorProbe],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  const signedIn = new SignedInAs();
  app.use('/probe/signed-in', signedIn.use.bind(signedIn));
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await app?.close();
});

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
};

it('answers 401 in problem+json when no actor is on the request, and the handler never runs', async () => {
  handled.length = 0;
  expect(await get('/probe/unguarded')).toMatchObject({
    status: 401,
    type: expect.stringContaining('application/problem+json'),
    body: { type: 'https://tizim.kz/problems/401', status: 401 },
  });
  expect(handled).toEqual([]);
});

it('hands the handler the actor the guard put on the request', async () => {
  handled.length = 0;
  expect(await get('/probe/signed-in')).toMatchObject({
    status: 200,
    body: { actor: { id: 'user-7', role: 'DISTRICT_COMMISSION', regionCode: '75', districtId: '751110000' } },
  });
  expect(handled).toEqual([expect.objectContaining({ id: 'user-7' })]);
});
