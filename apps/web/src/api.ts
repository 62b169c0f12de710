/**
 * The console's one way to the admin API. The access and refresh tokens live in sessionStorage
 * (this tab only, gone when it closes); a 401 refreshes once, then sends the official to sign-in.
 * Errors are the API's problem+json, kept whole so pages can show `detail` and each field's message.
 */
export interface Problem {
  status: number;
  title: string;
  /** Stable (libs/contracts/problems.ts): the refusal's own, or the generic one of its status. */
  code: string;
  params: Record<string, unknown>;
  detail: string;
  errors: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }
}

export interface Me {
  id: string;
  username: string;
  fullName: string;
  role: string;
  regionCode?: string | null;
  districtId?: string | null;
  stationId?: string | null;
  routes: string[];
}

const TOKENS = 'tizim.tokens';
/** Where endedReason() keeps the problem (below). */
const ENDED = 'tizim.sign-in-ended';

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export function savedTokens(): Tokens | null {
  const raw = sessionStorage.getItem(TOKENS);
  return raw ? (JSON.parse(raw) as Tokens) : null;
}

export function saveTokens(t: Tokens | null): void {
  if (t) {
    sessionStorage.setItem(TOKENS, JSON.stringify({ accessToken: t.accessToken, refreshToken: t.refreshToken }));
    sessionStorage.removeItem(ENDED);
  } else sessionStorage.removeItem(TOKENS);
}

/**
 * The official's own actions, told from the console's background polling. The API ends a sign-in
 * after TIZIM_SESSION_IDLE_MINUTES without a request of the official's (apps/api/src/auth/
 * auth.service.ts), and the board, the lists and the unread count poll every few seconds: counted,
 * they would keep an unattended console signed in for ever. A request is the official's when it
 * follows a click, a key or a change of screen within ACTION_WINDOW_MS (or the page being opened);
 * any other is sent with `X-Tizim-Background: polling` and the API does not count it. Decided here,
 * where every request passes, rather than at each polling call site: a poll added later is marked
 * without anyone having to remember, and a request a click starts is never mistaken for a poll.
 */
const ACTION_WINDOW_MS = 5_000;
let lastAction = Date.now();
if (typeof window !== 'undefined')
  for (const type of ['pointerdown', 'keydown', 'hashchange'])
    window.addEventListener(type, () => (lastAction = Date.now()), { capture: true, passive: true });
const backgroundHeader = (): Record<string, string> =>
  Date.now() - lastAction > ACTION_WINDOW_MS ? { 'X-Tizim-Background': 'polling' } : {};

/**
 * Why the last sign-in ended without the official signing out (the refresh's refusal: idle, past
 * its limit, ended from another device), for the sign-in screen to say; forgotten at the next sign-in.
 */
export function endedReason(): ApiError | null {
  const raw = sessionStorage.getItem(ENDED);
  return raw ? new ApiError(JSON.parse(raw) as Problem) : null;
}

let onSignedOut: () => void = () => undefined;
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

async function problemOf(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as Partial<Problem> & { message?: string };
    return {
      status: res.status,
      title: body.title ?? res.statusText,
      code: body.code ?? '',
      params: body.params ?? {},
      detail: body.detail ?? body.message ?? '',
      errors: body.errors ?? [],
    };
  } catch {
    return { status: res.status, title: res.statusText, code: '', params: {}, detail: '', errors: [] };
  }
}

async function refresh(): Promise<boolean> {
  const t = savedTokens();
  if (!t) return false;
  const res = await fetch('/v1/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: t.refreshToken }),
  });
  if (!res.ok) {
    sessionStorage.setItem(ENDED, JSON.stringify(await problemOf(res)));
    return false;
  }
  saveTokens((await res.json()) as Tokens);
  return true;
}

/**
 * Ends the sign-in on the server, then forgets its tokens. The refresh token goes too: the access
 * token may have expired while the console stood idle, and the refresh token must stop working
 * all the same (the API ends the sign-in either names).
 */
export async function signOut(): Promise<void> {
  const t = savedTokens();
  if (t)
    await fetch('/v1/auth/sign-out', {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: t.refreshToken }),
    }).catch(() => undefined);
  saveTokens(null);
}

/** Calls the API with the official's token; returns the response (for headers) after checking it. */
export async function send(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  retried = false,
): Promise<Response> {
  const t = savedTokens();
  const isForm = body instanceof FormData;
  const res = await fetch(path, {
    method,
    headers: {
      ...(t ? { Authorization: `Bearer ${t.accessToken}` } : {}),
      ...backgroundHeader(),
      ...(body !== undefined && !isForm ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  if (res.status === 401 && t && !retried && !path.startsWith('/v1/auth/')) {
    if (await refresh()) return send(method, path, body, headers, true);
    saveTokens(null);
    onSignedOut();
  }
  if (!res.ok) throw new ApiError(await problemOf(res));
  return res;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const res = await send(method, path, body, headers);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Downloads a file the API serves under sign-in (a report, a PDF) and hands it to the browser. */
export async function download(path: string, fallbackName: string, open = false): Promise<void> {
  const res = await send('GET', path);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  if (open) {
    window.open(url, '_blank', 'noopener');
  } else {
    const a = document.createElement('a');
    a.href = url;
    a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
    a.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Uploads with progress (fetch cannot report upload progress; XMLHttpRequest can). */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const t = savedTokens();
    if (t) xhr.setRequestHeader('Authorization', `Bearer ${t.accessToken}`);
    for (const [name, value] of Object.entries(backgroundHeader())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = xhr.responseText ? JSON.parse(xhr.responseText) : {};
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else
        reject(
          new ApiError({
            status: xhr.status,
            title: body.title ?? 'Error',
            code: body.code ?? '',
            params: body.params ?? {},
            detail: body.detail ?? '',
            errors: body.errors ?? [],
          }),
        );
    };
    xhr.onerror = () =>
      reject(
        new ApiError({
          status: 0,
          title: 'Network',
          code: 'network',
          params: {},
          detail: 'The server did not answer',
          errors: [],
        }),
      );
    xhr.send(form);
  });
}

/** Whether the signed-in official may call this route ("GET /v1/board"), as the API says. */
export function can(me: Me | null, route: string): boolean {
  return !!me && me.routes.includes(route);
}
