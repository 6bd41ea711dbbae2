/**
 * Auth.js's own endpoints: CSRF token, credentials callback, OAuth, session, sign-out.
 *
 * POST runs Auth.js unchanged (its CSRF check included) and only replaces the answer when the
 * credentials check refused for a reason a client must be able to act on: 429 with `Retry-After`
 * when sign-in is throttled, 503 when the database or KV is down. A wrong email or password keeps
 * Auth.js's own redirect, identical for both.
 */
import { NextRequest } from 'next/server';
import { handlers } from '@/auth';
import { json } from '@/lib/api/respond';
import { runWithSignInOutcome } from '@/lib/auth';
import { safeRedirectPath } from '@/lib/core/safe-redirect';
import { SIGN_IN_FAILURES } from '@/lib/sign-in-messages';
import { publicOrigin, publicUrl } from '@/lib/core/public-origin';

/**
 * The request Auth.js sees is addressed to our public origin (lib/core/public-origin.ts), not to
 * `request.url` (`http://localhost:<port>` under `next start`): Auth.js takes its redirects, its
 * `baseUrl` and the `__Secure-` cookie prefix from that URL.
 *
 * Auth.js answers a `callbackUrl` it cannot parse (`null`, `${7*7}`) with a 500. Every value is
 * resolved against our own origin first (foreign or tricky targets become `/dashboard`), so Auth.js
 * only ever sees a same-origin path.
 */
function forAuthJs(request: NextRequest): NextRequest {
  const url = publicUrl(`${request.nextUrl.pathname}${request.nextUrl.search}`, request.headers);
  const raw = url.searchParams.get('callbackUrl');
  if (raw !== null) url.searchParams.set('callbackUrl', safeRedirectPath(raw));
  return new NextRequest(url, request);
}

/**
 * Next.js's `NextRequest` reports a loopback IP host (`127.0.0.1`, `[::1]`) as `localhost`
 * (next/dist/server/web/next-url.js), and Auth.js builds its redirects from that URL — also when
 * `AUTH_URL` names the IP, because next-auth re-wraps the request in a `NextRequest`. A Location
 * on that renamed origin is put back on the public one, where the browser has its cookies.
 */
function onPublicOrigin(response: Response, origin: string): Response {
  const location = response.headers.get('location');
  const renamed = new URL(origin);
  if (!location || !/^(127\.\d+\.\d+\.\d+|\[::1\])$/.test(renamed.hostname)) return response;
  renamed.hostname = 'localhost';
  const target = new URL(location, origin);
  if (target.origin !== renamed.origin) return response;
  const headers = new Headers(response.headers);
  headers.set('location', new URL(`${target.pathname}${target.search}${target.hash}`, origin).toString());
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export async function GET(request: NextRequest): Promise<Response> {
  return onPublicOrigin(await handlers.GET(forAuthJs(request)), publicOrigin(request.headers));
}

export async function POST(request: NextRequest): Promise<Response> {
  const safe = forAuthJs(request);
  const { value: response, outcome } = await runWithSignInOutcome(() => handlers.POST(safe));
  if (outcome && !outcome.ok && outcome.code === 'rate_limited') {
    const retryAfter = String(outcome.retryAfterSeconds ?? 60);
    return json({ error: SIGN_IN_FAILURES.rate_limited.api }, { status: 429, headers: { 'Retry-After': retryAfter } });
  }
  if (outcome && !outcome.ok && outcome.code === 'unavailable') {
    return json({ error: SIGN_IN_FAILURES.unavailable.api }, { status: 503, headers: { 'Retry-After': '30' } });
  }
  return onPublicOrigin(response, publicOrigin(request.headers));
}
