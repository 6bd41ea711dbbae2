/**
 * Auth.js's own endpoints: CSRF token, credentials callback, OAuth, session, sign-out.
 *
 * Auth.js runs unchanged (its CSRF check included); its answer is replaced only when a client
 * must be able to act on the reason: 429 with `Retry-After` when sign-in is throttled, 503 when
 * the database or KV is down (sign-in, or a session check that needed the database). A wrong
 * email or password keeps Auth.js's own redirect, identical for both.
 *
 * Sign-out (`POST /api/auth/signout`) is recorded here BEFORE Auth.js runs, because Auth.js clears
 * the cookie and answers success whatever its sign-out event does: the sign-in is ended in
 * PostgreSQL first; when that cannot be done the answer is 503 and the cookie stays.
 */
import { NextRequest } from 'next/server';
import { handlers } from '@/auth';
import { authJsEndpoint } from '@/lib/api/auth-js-endpoint';
import { assertSameOrigin } from '@/lib/api/request';
import { errorResponse, json } from '@/lib/api/respond';
import { endCurrentSignIn, runRecordingOutage, runWithSignInOutcome } from '@/lib/auth';
import { findSessionCookie } from '@/lib/core/session-token';
import { toAppError } from '@/lib/core/errors';
import { safeRedirectPath } from '@/lib/core/safe-redirect';
import { SIGN_IN_FAILURES } from '@/lib/sign-in-messages';
import { publicOrigin, publicUrl } from '@/lib/core/public-origin';

const RETRY_AFTER_SECONDS = '30';

function unavailable(message = 'Service temporarily unavailable'): Response {
  return json({ error: message }, { status: 503, headers: { 'Retry-After': RETRY_AFTER_SECONDS } });
}

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

const isSignOut = (request: NextRequest) => /\/signout\/?$/.test(request.nextUrl.pathname);

/**
 * Ends the sign-in of the request's session cookie; a response when the sign-out must not go on
 * (cross-site: 403; database or KV down: 503), null when Auth.js may clear the cookie.
 */
async function endSignInFirst(request: NextRequest): Promise<Response | null> {
  if (!findSessionCookie(request.cookies)) return null;
  try {
    assertSameOrigin(request);
    await endCurrentSignIn();
    return null;
  } catch (err) {
    if (toAppError(err).status !== 503) return errorResponse(err);
    return unavailable('Sign-out is temporarily unavailable; you are still signed in');
  }
}

// Every answer is no-store, and bodies over 64 KB are a 413 before Auth.js reads them (lib/api/auth-js-endpoint.ts).
export const GET = authJsEndpoint(handleGet);
export const POST = authJsEndpoint(handlePost);

async function handleGet(request: NextRequest): Promise<Response> {
  const { value: response, unavailable: outage } = await runRecordingOutage(() => handlers.GET(forAuthJs(request)));
  return outage ? unavailable() : onPublicOrigin(response, publicOrigin(request.headers));
}

async function handlePost(request: NextRequest): Promise<Response> {
  const safe = forAuthJs(request);
  if (isSignOut(safe)) {
    const refused = await endSignInFirst(safe);
    if (refused) return refused;
  }
  const { value: signInRun, unavailable: outage } = await runRecordingOutage(() => runWithSignInOutcome(() => handlers.POST(safe)));
  const { value: response, outcome } = signInRun;
  if (outcome && !outcome.ok && outcome.code === 'rate_limited') {
    const retryAfter = String(outcome.retryAfterSeconds ?? 60);
    return json({ error: SIGN_IN_FAILURES.rate_limited.api }, { status: 429, headers: { 'Retry-After': retryAfter } });
  }
  if (outage || (outcome && !outcome.ok && outcome.code === 'unavailable')) {
    return unavailable(outcome ? SIGN_IN_FAILURES.unavailable.api : undefined);
  }
  return onPublicOrigin(response, publicOrigin(request.headers));
}
