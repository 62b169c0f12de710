/**
 * Builds the API exactly as production runs it; main.ts and the end-to-end tests both call
 * createApp(), so the tests exercise the same pipes, filters, guards and OpenAPI document.
 */
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { HttpStatus, Module, ValidationPipe, type DynamicModule, type INestApplication } from '@nestjs/common';
import { json, static as expressStatic, type Express, type Request, type Response } from 'express';
import { ROOT } from '../../../libs/config/paths';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import type { TizimConfig } from '../../../libs/config/config';
import type { Logger } from '../../../libs/observability/logger';
import { AuditLogModule } from './audit/audit-log.module';
import { AuditModule } from './audit/audit.module';
import { DirectoryModule } from './directory/directory.module';
import { BoardModule } from './board/board.module';
import { CalendarModule } from './calendar/calendar.module';
import { ConsolidationsModule } from './consolidations/consolidations.module';
import { CyclesModule } from './cycles/cycles.module';
import { AuthModule } from './auth/auth.module';
import { EdsModule } from './eds/eds.module';
import { EscalationsModule } from './escalations/escalations.module';
import { AccessModule, VotingHoursGuard } from './core/access';
import { BearerTokenGuard } from './core/auth';
import { InfrastructureModule } from './core/infrastructure.module';
import { NestJsonLogger } from './core/nest-logger';
import { BodyDepthPipe } from './core/body-depth';
import { requireKnownBodyType } from './core/http-conventions';
import { Problem } from './core/problem';
import { ProblemsModule } from './core/problem.filter';
import { RateLimitGuard } from './core/rate-limit';
import { requestContext } from './core/request-context';
import { docsForSignedIn, noSourceMaps, noStore, securityHeaders } from './core/security-headers';
import { AuthService } from './auth/auth.service';
import { FilesModule } from './files/files.module';
import { HealthModule } from './health/health.module';
import { PlacesModule } from './places/places.module';
import { MailPreferencesModule } from './mail-preferences/mail-preferences.module';
import { PrecinctMembersModule } from './precinct-members/precinct-members.module';
import { ReconciliationsModule } from './reconciliations/reconciliations.module';
import { RegisterModule } from './register/register.module';
import { RegisterFeedsModule } from './register-feeds/register-feeds.module';
import { MAX_BATCH_EVENTS } from './register-feeds/register-feeds.service';
import { RegistrationChecksModule } from './registration-checks/registration-checks.module';
import { VotingDayModule } from './voting-day/voting-day.module';
import { CitizenModule } from './citizen/citizen.module';
import { IdCardModule } from './id-card/id-card.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { TasksModule } from './tasks/tasks.module';
import { TransferActsModule } from './transfer-acts/transfer-acts.module';
import { WorkflowsModule } from './workflows/workflows.module';

@Module({})
class AppModule {
  static forRoot(config: TizimConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(config, logger),
        ProblemsModule,
        AuditModule,
        AccessModule,
        EdsModule,
        AuthModule,
        HealthModule,
        CalendarModule,
        CyclesModule,
        TasksModule,
        EscalationsModule,
        MailPreferencesModule,
        PrecinctMembersModule,
        BoardModule,
        FilesModule,
        SubmissionsModule,
        ConsolidationsModule,
        ReconciliationsModule,
        RegisterModule,
        RegisterFeedsModule,
        RegistrationChecksModule,
        VotingDayModule,
        CitizenModule,
        IdCardModule,
        TransferActsModule,
        WorkflowsModule,
        AuditLogModule,
        PlacesModule,
        DirectoryModule,
      ],
      // Guards run in this order: who is calling, then when (a precinct member only while voting
      // is under way), then how often (the limit counts by actor).
      providers: [
        { provide: APP_GUARD, useClass: BearerTokenGuard },
        { provide: APP_GUARD, useClass: VotingHoursGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string; constraint?: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    // The constraint's name (isIn, matches, length, …) beside the English: the console words it.
    const own = Object.entries(e.constraints ?? {}).map(([constraint, message]) => ({ field, message, constraint }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export const OPENAPI_PATH = 'docs';

export async function createApp(config: TizimConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config, logger), {
    logger: new NestJsonLogger(logger),
    bufferLogs: true,
  });
  const expressApp: Express = app.getHttpAdapter().getInstance();
  expressApp.disable('x-powered-by');
  // Before everything else, so every answer carries them: problems, the console, the OpenAPI page.
  app.use(securityHeaders(config, `/${OPENAPI_PATH}`));
  app.use(noStore('/console'));
  // Behind a reverse proxy, the client is the address the trusted proxy names in X-Forwarded-For:
  // the per-address limits and the audit count it, not the proxy (TIZIM_TRUST_PROXY; off by default,
  // when X-Forwarded-For is not believed, since any caller can send one).
  expressApp.set('trust proxy', config.api.trustProxy);
  app.use(requestContext(logger));
  // Registered before Nest adds its body parsers (at init), so an unknown body type is refused unread.
  app.use(requireKnownBodyType);
  // A register feed's batch (up to MAX_BATCH_EVENTS events of about a kilobyte at most) is larger
  // than the 100 kB every other JSON body is held to; parsed here, Nest's own parser leaves it be.
  // Wrapped under another name: Nest adds its JSON parser only when no layer is named jsonParser.
  const batchJson = json({ limit: `${MAX_BATCH_EVENTS}kb` });
  app.use(
    '/v1/register/events/batch',
    function registerFeedBatchBody(req: Request, res: Response, next: (err?: unknown) => void) {
      batchJson(req, res, next);
    },
  );
  app.useGlobalPipes(
    // First the body's depth (its check does not recurse), then the fields (class-validator does).
    new BodyDepthPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new Problem(HttpStatus.BAD_REQUEST, 'request.invalid-fields', {}, 'Some fields are not valid', flatten(errors)),
    }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tizim admin API')
      .setDescription(
        'Voter-register reconciliation and voting-day checks for the CEC, territorial commissions and akimats.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  // Registered before the page's own routes, so it answers first (production: signed-in callers only).
  const auth = app.get(AuthService);
  app.use(
    `/${OPENAPI_PATH}`,
    docsForSignedIn(config, (authorization) => auth.isSignedIn(authorization)),
  );
  SwaggerModule.setup(OPENAPI_PATH, app, document, {
    jsonDocumentUrl: `${OPENAPI_PATH}/openapi.json`,
    yamlDocumentUrl: `${OPENAPI_PATH}/openapi.yaml`,
  });
  serveConsole(expressApp, config, logger);
  return app;
}

/** The encodings the console's build writes beside each script and style (apps/web/vite.config.mts), best first. */
const PRECOMPRESSED = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

/**
 * A file of the console's build in the best encoding the browser accepts, from the copy the build
 * compressed beside it (`index-abc.js.br`): the console's script travels at a third of its size.
 * Anything else falls through to the plain static files.
 */
function precompressed(dir: string) {
  return (req: Request, res: Response, next: () => void): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const path = decodeURIComponent(req.path);
    if (!/^\/assets\/[\w.-]+\.(js|css|svg|json)$/.test(path)) return next();
    const accepted = String(req.headers['accept-encoding'] ?? '');
    res.vary('Accept-Encoding');
    for (const [encoding, suffix] of PRECOMPRESSED) {
      if (!new RegExp(`\\b${encoding}\\b`).test(accepted)) continue;
      const file = join(dir, `${path}${suffix}`);
      if (!existsSync(file)) continue;
      res.setHeader('Content-Encoding', encoding);
      res.type(extname(path));
      res.sendFile(file, { maxAge: '1h' });
      return;
    }
    next();
  };
}

/** Where `npm run build` puts the web console (apps/web). */
export const CONSOLE_DIR = join(ROOT, 'dist', 'web');

/**
 * The web console at /console (its own client-side screens; every API call it makes goes to /v1
 * under the official's sign-in), and / sends a browser there. Without a built console the API
 * still runs, and /console says how to build it.
 */
function serveConsole(expressApp: Express, config: TizimConfig, logger: Logger): void {
  const index = join(CONSOLE_DIR, 'index.html');
  const built = existsSync(index);
  if (!built) logger.warn({ dir: CONSOLE_DIR }, 'the web console is not built: run "npm run build"');
  expressApp.get('/', (_req: Request, res: Response) => res.redirect(302, '/console/'));
  expressApp.use('/console', noSourceMaps(config));
  expressApp.use('/console', precompressed(CONSOLE_DIR));
  expressApp.use('/console', expressStatic(CONSOLE_DIR, { index: false, maxAge: '1h', fallthrough: true }));
  expressApp.get(/^\/console(\/.*)?$/, (_req: Request, res: Response) => {
    if (built) res.setHeader('Cache-Control', 'no-cache').sendFile(index);
    else
      res
        .status(503)
        .type('text/plain')
        .send('The web console is not built: run "npm run build" in the project folder.');
  });
}
