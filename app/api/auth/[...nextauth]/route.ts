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

/**
 * Auth.js answers a `callbackUrl` it cannot parse (`null`, `${7*7}`) with a 500. Every value is
 * resolved against our own origin first (foreign or tricky targets become `/dashboard`), so Auth.js
 * only ever sees a same-origin path.
 */
function withSafeCallbackUrl(request: NextRequest): NextRequest {
  const url = request.nextUrl.clone();
  const raw = url.searchParams.get('callbackUrl');
  if (raw === null) return request;
  url.searchParams.set('callbackUrl', safeRedirectPath(raw));
  return new NextRequest(url, request);
}

export function GET(request: NextRequest): Promise<Response> {
  return handlers.GET(withSafeCallbackUrl(request));
}

export async function POST(request: NextRequest): Promise<Response> {
  const safe = withSafeCallbackUrl(request);
  const { value: response, outcome } = await runWithSignInOutcome(() => handlers.POST(safe));
  if (outcome && !outcome.ok && outcome.code === 'rate_limited') {
    const retryAfter = String(outcome.retryAfterSeconds ?? 60);
    return json({ error: SIGN_IN_FAILURES.rate_limited.api }, { status: 429, headers: { 'Retry-After': retryAfter } });
  }
  if (outcome && !outcome.ok && outcome.code === 'unavailable') {
    return json({ error: SIGN_IN_FAILURES.unavailable.api }, { status: 503, headers: { 'Retry-After': '30' } });
  }
  return response;
}
