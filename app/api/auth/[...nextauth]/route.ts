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
import { clearingSetCookie, cookieHeaderForAuthJs, findSessionCookie, isSecureOrigin, sessionCookieNamesIn } from '@/lib/core/session-cookie';
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
  const forwarded = new NextRequest(url, request);
  // Several session cookies are no session (lib/core/session-cookie.ts): Auth.js sees none of
  // them, so it neither answers for one (it would take the first) nor re-issues it.
  const cookie = cookieHeaderForAuthJs(request.headers.get('cookie'), isSecureOrigin(request.headers));
  if (cookie) forwarded.headers.set('cookie', cookie);
  else forwarded.headers.delete('cookie');
  return forwarded;
}

/**
 * A sign-out whose request carried session cookies that could not speak for it (several, or a
 * name this origin no longer uses, like the `__Secure-` one from before `__Host-`): Auth.js saw
 * none of them, so they are removed here (names Auth.js itself wrote are left to its lines). A
 * sign-in clears them itself (`startSignIn`).
 */
function clearingRefusedCookies(request: NextRequest, response: Response): Response {
  const header = request.headers.get('cookie');
  if (findSessionCookie(header, isSecureOrigin(request.headers)).kind !== 'refused') return response;
  const written = new Set(response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf('=')).trim()));
  const stale = sessionCookieNamesIn(header).filter((name) => !written.has(name));
  if (stale.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const name of stale) headers.append('set-cookie', clearingSetCookie(name));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
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
  const found = findSessionCookie(request.headers.get('cookie'), isSecureOrigin(request.headers));
  if (found.kind === 'none') return null;
  try {
    assertSameOrigin(request);
    // Several session cookies: none of their sign-ins is the one shown, so none is ended.
    if (found.kind === 'one') await endCurrentSignIn();
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
  if (outage) return unavailable();
  return onPublicOrigin(response, publicOrigin(request.headers));
}

async function handlePost(request: NextRequest): Promise<Response> {
  const safe = forAuthJs(request);
  if (isSignOut(safe)) {
    const refused = await endSignInFirst(request);
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
  const answered = onPublicOrigin(response, publicOrigin(request.headers));
  return isSignOut(safe) ? clearingRefusedCookies(request, answered) : answered;
}
