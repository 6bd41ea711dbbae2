/**
 * `getSession()`: the one way server code reads who is signed in. Memoised per request (React
 * `cache`), it decrypts the cookie once, then asks `checkFreshness` whether the token still
 * speaks for its user. Steady state: 0 database queries and 1 KV read.
 */
import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { countTokenDecrypt } from '@/lib/core/counters';
import { decodeSessionTokenCached, readSessionClaims, shouldSlide } from '@/lib/core/session-token';
import type { SessionUser } from './session-types';
import type { UserAuthState } from '@/db/queries/users';
import { getEnv } from '@/lib/core/env';
import { checkFreshness } from './freshness';
import { findSessionCookie, mintSessionToken, tryClearSessionCookies, trySetCookie } from './session-cookie';

export type { SessionUser } from './session-types';

export interface AppSession {
  user: SessionUser;
  authzVersion: number;
  /** Seconds since the epoch of the sign-in. */
  authTime: number;
  /** Seconds since the epoch when the token expires. */
  expires: number;
  /** The sign-in this token descends from (`user_sessions.id`): what a sign-out ends. */
  sid: string;
  /** The role changed but this surface could not re-issue the cookie (a page render): ask the client to refresh it. */
  needsCookieRefresh: boolean;
}

export type SessionLookup =
  | { status: 'none' }
  /**
   * A cookie was present but is not (or no longer) a session: bad, expired, signed out, banned,
   * deleted. `cleared`: this surface could already delete the cookie (actions, route handlers).
   */
  | { status: 'invalid'; cleared?: boolean }
  | { status: 'ok'; session: AppSession };

async function lookup(): Promise<SessionLookup> {
  const jar = await cookies();
  const cookie = findSessionCookie(jar);
  if (!cookie) return { status: 'none' };

  countTokenDecrypt();
  const payload = await decodeSessionTokenCached(cookie.value, getEnv().authSecrets, cookie.name);
  const claims = readSessionClaims(payload);
  if (!payload || !claims) return { status: 'invalid' };
  const freshness = await checkFreshness(claims);
  if (freshness.kind === 'revoked') {
    return { status: 'invalid', cleared: tryClearSessionCookies(jar) };
  }

  const base = {
    authTime: claims.authTime,
    expires: claims.exp,
    sid: claims.sid,
    needsCookieRefresh: false,
  };
  if (freshness.kind === 'fresh') {
    // Sliding expiry, here rather than in the edge gate (whose bundle stays decrypt-only): once a
    // token is older than the update age it is re-issued where cookies can be written, and a page
    // render asks the browser to fetch it once (`needsCookieRefresh`).
    let needsCookieRefresh = false;
    if (shouldSlide(claims)) {
      const minted = await mintSessionToken(cookie.name, payload, claims, {});
      needsCookieRefresh = !trySetCookie(jar, cookie.name, minted.token, minted.maxAge);
    }
    return {
      status: 'ok',
      session: {
        ...base,
        needsCookieRefresh,
        authzVersion: claims.authzVersion,
        user: { id: claims.id, name: claims.name ?? '', email: claims.email ?? '', image: claims.picture, role: claims.role },
      },
    };
  }

  // Stale: the database decides this request, and the cookie is re-issued with the fresh claims.
  const fresh = freshness.user;
  const minted = await mintSessionToken(cookie.name, payload, claims, claimsOf(fresh));
  const reissued = trySetCookie(jar, cookie.name, minted.token, minted.maxAge);
  return {
    status: 'ok',
    session: {
      ...base,
      authzVersion: fresh.authzVersion,
      needsCookieRefresh: !reissued,
      user: { id: fresh.id, name: fresh.name, email: fresh.email, image: fresh.image, role: fresh.role },
    },
  };
}

/** The token claims that carry the database's view of a user. */
function claimsOf(fresh: UserAuthState) {
  return { role: fresh.role, name: fresh.name, email: fresh.email, picture: fresh.image, authzVersion: fresh.authzVersion };
}

/** The session lookup for this request, computed at most once per request. */
export const lookupSession = cache(lookup);

/** The current session, or null. Throws `DependencyUnavailableError` (503) when it cannot decide. */
export async function getSession(): Promise<AppSession | null> {
  const result = await lookupSession();
  return result.status === 'ok' ? result.session : null;
}

/**
 * After a change this request made to its own user (password change): a new cookie for the same
 * sign-in carrying the database's fresh claims. Only where cookies can be written (actions,
 * route handlers); returns false elsewhere or when there is no cookie.
 */
export async function reissueSessionCookie(fresh: UserAuthState): Promise<boolean> {
  const jar = await cookies();
  const cookie = findSessionCookie(jar);
  if (!cookie) return false;
  const payload = await decodeSessionTokenCached(cookie.value, getEnv().authSecrets, cookie.name);
  const claims = readSessionClaims(payload);
  if (!payload || !claims || claims.id !== fresh.id) return false;
  const minted = await mintSessionToken(cookie.name, payload, claims, claimsOf(fresh));
  return trySetCookie(jar, cookie.name, minted.token, minted.maxAge);
}

/** Clears this request's session cookie (after revoking every session, this one included). */
export async function clearSessionCookie(): Promise<boolean> {
  return tryClearSessionCookies(await cookies());
}
