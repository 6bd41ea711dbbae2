/**
 * The Node side of Auth.js's `jwt` callback (`auth.ts`): the only places Auth.js itself mints a
 * session token.
 *
 * - At sign-in (credentials or OAuth) the sign-in is recorded in the registry (`user_sessions`)
 *   and its id becomes the token's `sid`, kept by every re-issue (the payload is spread).
 * - For an existing token (`GET`/`POST /api/auth/session`, `auth()`) the same freshness rules as
 *   `getSession()` apply: revoked → null (Auth.js answers a null session and clears the cookie);
 *   stale → the database's claims; fresh → unchanged. No endpoint turns a signed-out, banned or
 *   revoked cookie into a fresh one.
 * - A dependency outage there is recorded in a per-request slot and thrown: Auth.js would log it
 *   and clear the cookie, so the Auth.js route answers 503 instead (`runRecordingOutage`), leaving
 *   the cookie as it was.
 */
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { headers } from 'next/headers';
import type { JWT } from 'next-auth/jwt';
import { createSignIn } from '@/db/queries/sessions';
import { DependencyUnavailableError, isConnectionError, isDependencyUnavailable } from '@/lib/core/errors';
import { SESSION_ABSOLUTE_MAX_AGE_SECONDS } from '@/lib/core/session-token';
import { readSessionClaims } from '@/lib/core/session-claims';
import { checkFreshness } from './freshness';
import { claimsOf, clearOtherSessionCookies } from './session-cookie';

const outageSlot = new AsyncLocalStorage<{ unavailable: boolean }>();

/** Runs `fn` (an Auth.js handler) and reports whether a dependency outage stopped a token decision inside it. */
export async function runRecordingOutage<T>(fn: () => Promise<T>): Promise<{ value: T; unavailable: boolean }> {
  const slot = { unavailable: false };
  const value = await outageSlot.run(slot, fn);
  return { value, unavailable: slot.unavailable };
}

/** Connection errors become `DependencyUnavailableError`, recorded for the Auth.js route. */
async function recordingOutage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const outage = isDependencyUnavailable(err) || isConnectionError(err);
    if (!outage) throw err;
    const slot = outageSlot.getStore();
    if (slot) slot.unavailable = true;
    throw isDependencyUnavailable(err) ? err : new DependencyUnavailableError('database', err);
  }
}

/** The sign-in request's User-Agent, when there is a request scope to read it from. */
async function requestUserAgent(): Promise<string | null> {
  try {
    return (await headers()).get('user-agent');
  } catch {
    return null;
  }
}

/**
 * Records a new sign-in for a token `authConfig`'s callback has just shaped (id, role, version,
 * authTime) and stamps its `sid`. Null (no session) when the user can no longer sign in: banned,
 * deleted or revoked between the password check and now.
 */
export async function startSignIn(token: JWT | null): Promise<JWT | null> {
  if (!token?.id || typeof token.authTime !== 'number' || typeof token.authzVersion !== 'number') return null;
  const { id: userId, authzVersion, authTime } = token;
  const expiresAt = new Date((authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS) * 1000);
  const userAgent = await requestUserAgent();
  const sid = await recordingOutage(() => createSignIn({ userId, authzVersion, expiresAt, userAgent }));
  if (!sid) return null;
  await clearOtherSessionCookies();
  return { ...token, sid };
}

/** An existing token seen by Auth.js: refused, refreshed or kept, by the rules of `getSession()`. */
export async function checkAuthJsToken(token: JWT): Promise<JWT | null> {
  const claims = readSessionClaims({ ...token, iat: token.iat ?? 0, exp: token.exp ?? 0 });
  if (!claims) return null;
  const freshness = await recordingOutage(() => checkFreshness(claims));
  if (freshness.kind === 'revoked') return null;
  if (freshness.kind === 'fresh') return token;
  return { ...token, ...claimsOf(freshness.user, claims.amr) };
}
