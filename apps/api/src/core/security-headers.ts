/**
 * HTTP hardening (issue 24; ASVS 4.0.3 V14.4, V8.2.1, V14.3): the headers every answer carries,
 * through helmet; `Cache-Control: no-store` on everything but the console's own files; and what
 * production (TIZIM_ENV=production, isProduction) closes: HSTS, source maps, the OpenAPI document
 * to callers who are not signed in.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { isProduction, type TizimConfig } from '../../../../libs/config/config';
import { generic } from './problem.filter';

type Directives = Record<string, string[]>;

/**
 * The console's policy: its script and styles are files of its own build (apps/web, no inline
 * script or style element; React's `style` props are set through the DOM, which style-src does not
 * govern), every call goes to /v1 on the same origin, and a citizen's photo under review is shown
 * from an object URL of what the API sent (`blob:`, apps/web/src/pages/id-card.tsx). A document the
 * console opens from an object URL (an act's PDF in a tab of its own) inherits this policy, and
 * reading its own bytes back is a fetch of that `blob:` URL: connect-src allows it.
 */
export const CONSOLE_POLICY: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The OpenAPI page (Swagger UI, served by @nestjs/swagger) writes its own style element and draws
 * its icons from data: URLs; its scripts are files, so script-src stays 'self'.
 */
const DOCS_POLICY: Directives = {
  ...CONSOLE_POLICY,
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
};

function options(config: TizimConfig, directives: Directives): HelmetOptions {
  const production = isProduction(config);
  return {
    // No upgrade-insecure-requests: the console loads only its own origin's files by relative
    // paths (https behind the TLS proxy already), and a production-like stack on http://localhost
    // would load nothing.
    contentSecurityPolicy: { useDefaults: false, directives },
    // Only production is reached over TLS (the proxy in front ends it); browsers ignore HSTS that
    // comes over plain HTTP.
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // The rest as helmet has them: X-Content-Type-Options nosniff, X-Powered-By removed,
    // Cross-Origin-Opener/Resource-Policy same-origin, X-Permitted-Cross-Domain-Policies none.
  };
}

/** Whether `path` is the OpenAPI page or its documents: `/docs`, `/docs/…`. */
const under = (prefix: string, path: string) => path === prefix || path.startsWith(`${prefix}/`);

/**
 * The console signs through NCALayer (issue 27), a WebSocket on the official's own computer
 * (TIZIM_EDS_NCALAYER_URL, wss://127.0.0.1:13579 by default): its origin, and only it, joins
 * connect-src, else the browser refuses the socket before NCALayer is asked anything.
 */
export function consolePolicy(ncalayerUrl: string): Directives {
  let origin: string | null = null;
  try {
    const url = new URL(ncalayerUrl);
    if (url.protocol === 'wss:' || url.protocol === 'ws:') origin = `${url.protocol}//${url.host}`;
  } catch {
    // config.ts has read the address already; a malformed one adds nothing
  }
  return { ...CONSOLE_POLICY, 'connect-src': [...CONSOLE_POLICY['connect-src'], ...(origin ? [origin] : [])] };
}

/** The headers of every answer: the console's policy, the OpenAPI page's own under `docsPath`. */
export function securityHeaders(config: TizimConfig, docsPath: string): RequestHandler {
  const strict = helmet(options(config, consolePolicy(config.eds.ncalayerUrl)));
  const docs = helmet(options(config, DOCS_POLICY));
  return function securityHeaders(req: Request, res: Response, next: NextFunction) {
    (under(docsPath, req.path) ? docs : strict)(req, res, next);
  };
}

/**
 * `Cache-Control: no-store` on every answer but the console's files (which set their own: hashed
 * assets an hour, the page no-cache): API answers and problems carry personal data, which no
 * browser or proxy cache may keep (ASVS 8.2.1). Set first, so a handler's own word still wins.
 */
export function noStore(consolePath: string): RequestHandler {
  return function noStore(req: Request, res: Response, next: NextFunction) {
    if (!under(consolePath, req.path)) res.setHeader('Cache-Control', 'no-store');
    // An API answer opened directly in a browser is saved, never rendered (ASVS 14.4.2); a
    // download names its own file, which replaces this.
    if (under('/v1', req.path)) res.setHeader('Content-Disposition', 'attachment; filename="api.json"');
    next();
  };
}

/** The path as the static files read it (percent-decoded), or null when it does not decode. */
function decoded(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * In production the console's source maps (the build writes them beside each script, for
 * developers) are not served: 404, however the name is spelled (ASVS 14.3.2).
 */
export function noSourceMaps(config: TizimConfig): RequestHandler {
  return function noSourceMaps(req: Request, res: Response, next: NextFunction) {
    const path = decoded(req.path);
    if (isProduction(config) && (path === null || /\.map$/i.test(path.trim()))) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    next();
  };
}

/**
 * In production the OpenAPI page and documents answer a signed-in caller only (an official's access
 * token or the operator token, as `Authorization: Bearer`), else 401 as any route does: the
 * routes' map is no help to an anonymous caller (ASVS 14.3.2). Open elsewhere.
 */
export function docsForSignedIn(
  config: TizimConfig,
  isSignedIn: (authorization: string | undefined) => Promise<boolean>,
): RequestHandler {
  return function docsForSignedIn(req: Request & { id?: string }, res: Response, next: NextFunction) {
    if (!isProduction(config)) return next();
    isSignedIn(req.header('authorization')).then(
      (signedIn) => {
        if (signedIn) return next();
        res
          .status(401)
          .type('application/problem+json')
          .json({
            ...generic(401),
            code: 'auth.sign-in-required',
            detail: 'Sign in first, then send the access token as "Authorization: Bearer <token>"',
            requestId: req.id,
          });
      },
      (err: unknown) => next(err),
    );
  };
}
