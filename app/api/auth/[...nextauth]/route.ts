/**
 * Auth.js's own endpoints: CSRF token, credentials callback, OAuth, session, sign-out.
 *
 * POST runs Auth.js unchanged (its CSRF check included) and only replaces the answer when the
 * credentials check refused for a reason a client must be able to act on: 429 with `Retry-After`
 * when sign-in is throttled, 503 when the database or KV is down. A wrong email or password keeps
 * Auth.js's own redirect, identical for both.
 */
import type { NextRequest } from 'next/server';
import { handlers } from '@/auth';
import { json } from '@/lib/api/respond';
import { runWithSignInOutcome } from '@/lib/auth/credentials';

export const { GET } = handlers;

export async function POST(request: NextRequest): Promise<Response> {
  const { value: response, outcome } = await runWithSignInOutcome(() => handlers.POST(request));
  if (outcome && !outcome.ok && outcome.code === 'rate_limited') {
    const retryAfter = String(outcome.retryAfterSeconds ?? 60);
    return json({ error: 'Too many sign-in attempts, try again later' }, { status: 429, headers: { 'Retry-After': retryAfter } });
  }
  if (outcome && !outcome.ok && outcome.code === 'unavailable') {
    return json({ error: 'Sign-in is temporarily unavailable' }, { status: 503, headers: { 'Retry-After': '30' } });
  }
  return response;
}
