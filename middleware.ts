/**
 * The edge gate (a convenience, not the lock: every page, action and handler checks again), and
 * the security headers of every page.
 *
 * Every page request gets a per-request CSP nonce (Next.js reads it from the request's
 * `Content-Security-Policy` header and puts it on its own scripts) plus the static headers.
 * Only the protected page groups also pay for the token: a request without a valid, unexpired
 * session token gets 307 to `/login?callbackUrl=<path>`; a non-admin on `/admin` gets 307 to
 * `/unauthorized`. The cookie is verified directly with jose (key derived once, verified tokens
 * cached until they expire); the gate never writes it: sliding expiry is the Node side's job
 * (`lib/auth/session.ts`), which keeps this bundle decrypt-only. `/api/*` is matched only when
 * its path holds a `%` (see `config.matcher`), and then only for the undecodable-path check.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { hasMalformedActionFields, isMalformedActionText } from '@/lib/core/action-payload';
import { GATE_DECISION_HEADER, gateDecision, isProtectedPath } from '@/lib/core/routes';
import { hasUndecodablePath, isBodyOver, PAGE_POST_MAX_BYTES } from '@/lib/core/request-limits';
import { API_CSP, createNonce, pageCsp, staticSecurityHeaders } from '@/lib/core/security-headers';
import { decodeSessionTokenCached } from '@/lib/core/session-token';
import { findSessionCookie, isSecureOrigin } from '@/lib/core/session-cookie';
import { readSessionClaims } from '@/lib/core/session-claims';
import { isProductionRuntime, readAuthSecrets } from '@/lib/core/env';
import type { Role } from '@/lib/core/roles';
import { isPublicOrigin, publicUrl, withPublicForwardedHeaders } from '@/lib/core/public-origin';

const secrets = readAuthSecrets();
const production = isProductionRuntime();
const staticHeaders = staticSecurityHeaders(production);

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(staticHeaders)) response.headers.set(name, value);
  return response;
}

/**
 * Server actions (POSTs to pages) from another site are refused here with a 403: Next.js would
 * refuse them too, but with a 500. The Origin must be our public origin (lib/core/public-origin.ts),
 * the same rule the route handlers apply.
 */
function isCrossSiteWrite(request: NextRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  return !isPublicOrigin(origin, request.headers); // `null` and other opaque origins too
}

/**
 * A form post to a page whose body cannot be parsed as the form it claims to be, or whose
 * server-action fields React cannot decode (`lib/core/action-payload.ts`): Next.js would answer
 * it with a 500 ("Failed to parse body as FormData", a JSON syntax error), so it is a 400 here.
 * Only multipart posts and JavaScript action calls (`Next-Action`, `text/plain`) pay for the check.
 */
async function isMalformedFormPost(request: NextRequest): Promise<boolean> {
  if (request.method !== 'POST') return false;
  const type = request.headers.get('content-type')?.toLowerCase() ?? '';
  const isFetchAction = request.headers.has('next-action');
  if (isFetchAction && type.startsWith('text/plain')) return isMalformedActionText(await request.clone().text());
  if (!type.startsWith('multipart/form-data')) return false;
  if (!/;\s*boundary=/.test(type)) return true;
  try {
    return hasMalformedActionFields(await request.clone().formData(), isFetchAction);
  } catch {
    return true;
  }
}

const refusal = (error: string, status: number, csp: string) =>
  withSecurityHeaders(NextResponse.json({ error }, { status, headers: { 'Cache-Control': 'no-store' } }), csp);

export async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // lib/core/request-limits.ts: Next.js's router would answer these with a bare 500.
  const undecodable = hasUndecodablePath(pathname);
  if (pathname.startsWith('/api/')) return undecodable ? refusal('Malformed URL', 400, API_CSP) : NextResponse.next();
  const nonce = createNonce();
  const csp = pageCsp(nonce, production);
  if (undecodable) return refusal('Malformed URL', 400, csp);

  if (isCrossSiteWrite(request)) return refusal('Cross-origin request refused', 403, csp);
  // Next.js answers a post over its server-action limit with a 500. GETs skip this; a post with a
  // Content-Length pays one header read, only a chunked one a bounded read of a clone.
  if (request.method !== 'GET' && request.method !== 'HEAD' && (await isBodyOver(request, PAGE_POST_MAX_BYTES))) {
    return refusal('Request body too large', 413, csp);
  }
  if (await isMalformedFormPost(request)) return refusal('Malformed form body', 400, csp);

  // Only the protected groups pay for the token; elsewhere the decision is 'pass' whatever the role.
  const role = isProtectedPath(pathname) ? await sessionRole(request) : null;
  const decision = gateDecision(pathname, role);
  if (decision === 'sign-in') {
    const login = publicUrl('/login', request.headers);
    login.searchParams.set('callbackUrl', `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(login, 307), csp);
  }
  if (decision === 'unauthorized') {
    const denied = publicUrl('/unauthorized', request.headers);
    denied.searchParams.set('from', `${pathname}${search}`); // so a promoted user comes back here
    return withSecurityHeaders(NextResponse.redirect(denied, 307), csp);
  }
  return pass(request, nonce, csp, role !== null);
}

/** The role of the request's one valid, unexpired session token, or null (none, or more than one). */
async function sessionRole(request: NextRequest): Promise<Role | null> {
  // The raw header, not `request.cookies` (which keeps only the last of two values).
  const cookie = findSessionCookie(request.headers.get('cookie'), isSecureOrigin(request.headers));
  if (cookie.kind !== 'one') return null;
  return readSessionClaims(await decodeSessionTokenCached(cookie.value, secrets, cookie.name))?.role ?? null;
}

/**
 * Lets the request through with the nonce on its CSP request header (where Next.js reads it), and
 * `X-Forwarded-Host`/`-Proto` replaced by the public origin's: Next.js's server-action origin check
 * and Auth.js's `signIn`/`signOut` read those, and must not believe a client's.
 */
function pass(request: NextRequest, nonce: string, csp: string, gated: boolean): NextResponse {
  const requestHeaders = withPublicForwardedHeaders(request.headers);
  // The gate's decision for the Node side's decision span (lib/telemetry.ts); never a client's.
  if (gated) requestHeaders.set(GATE_DECISION_HEADER, 'pass');
  else requestHeaders.delete(GATE_DECISION_HEADER);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  // Every page (for the headers); the token is checked only on the protected groups above. The API
  // is matched only when its path holds a `%` (the encoded path is what is matched), so ordinary
  // API requests never run the middleware; the second entry exists for undecodable paths alone.
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)', '/api/:rest(.*%.*)'],
};
