/**
 * Calls Auth.js's own route handlers (`app/api/auth/[...nextauth]/route.ts`) as a browser would:
 * a real `NextRequest` with the test's cookies (also installed as the request's `cookies()`), and
 * the CSRF double-submit cookie fetched from `/api/auth/csrf` for posts.
 */
import { NextRequest } from 'next/server';
import { GET, POST } from '@/app/api/auth/[...nextauth]/route';
import { HOST_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/core/session-cookie';
import { ORIGIN } from './http';

// A real server always has a Host; the public origin (lib/core/public-origin.ts) comes from it.
const HOST = new URL(ORIGIN).host;
import { runInRequest } from './request-context';

export interface AuthJsResponse {
  status: number;
  body: string;
  json: unknown;
  setCookies: string[];
  headers: Headers;
  /** The session cookie this response set: a value, '' when cleared, undefined when untouched. */
  sessionCookie: string | undefined;
  /** The name it was set under. */
  sessionCookieName: string | undefined;
  /** Cookies the app's own code set through `cookies()` in this request (the device cookie, say). */
  cookiesWritten: Map<string, string>;
}

async function read(response: Response, cookiesWritten = new Map<string, string>()): Promise<AuthJsResponse> {
  const body = await response.text();
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  const setCookies = response.headers.getSetCookie();
  // The plain name over http, `__Host-` over https (lib/core/session-cookie.ts).
  const session = setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`) || c.startsWith(`${HOST_SESSION_COOKIE}=`));
  const sessionCookieName = session?.slice(0, session.indexOf('='));
  const sessionCookie = session === undefined ? undefined : session.slice(session.indexOf('=') + 1).split(';')[0];
  return { status: response.status, body, json, setCookies, headers: response.headers, sessionCookie, sessionCookieName, cookiesWritten: new Map(cookiesWritten) };
}

export async function authGet(path: string, cookie = '', headers: Record<string, string> = {}): Promise<AuthJsResponse> {
  const all = { host: HOST, ...headers };
  const request = new NextRequest(`${ORIGIN}${path}`, { headers: { ...all, ...(cookie ? { cookie } : {}) } });
  return runInRequest({ cookie, headers: all, surface: 'route' }, async (ctx) => read(await GET(request), ctx.written));
}

/** A form post with a valid CSRF token (unless `csrf: false`), same-origin unless `headers` says otherwise. */
export async function authPost(
  path: string,
  cookie = '',
  form: Record<string, string> = {},
  options: { headers?: Record<string, string>; csrf?: boolean } = {},
): Promise<AuthJsResponse> {
  let cookies = cookie;
  const fields = { ...form };
  if (options.csrf !== false) {
    const csrf = await authGet('/api/auth/csrf');
    const pair = csrf.setCookies.find((c) => /^(__Host-)?authjs\.csrf-token=/.test(c))!.split(';')[0]!;
    cookies = cookies ? `${cookies}; ${pair}` : pair;
    fields.csrfToken = (csrf.json as { csrfToken: string }).csrfToken;
  }
  const headers = { host: HOST, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', ...options.headers, cookie: cookies };
  const request = new NextRequest(`${ORIGIN}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
  return runInRequest({ cookie: cookies, headers, surface: 'route' }, async (ctx) => read(await POST(request), ctx.written));
}

/** Signs in through Auth.js's credentials callback; the session cookie pair (`name=value`), or null. */
export async function signInThroughAuthJs(email: string, password: string, headers: Record<string, string> = {}): Promise<string | null> {
  const res = await authPost('/api/auth/callback/credentials', '', { email, password }, { headers });
  return res.sessionCookie ? `${res.sessionCookieName}=${res.sessionCookie}` : null;
}
