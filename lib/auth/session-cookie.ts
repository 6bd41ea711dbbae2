/**
 * The write side of the session cookie, from Node code: reading it for this request, the one
 * re-issue path (sliding expiry, stale claims, the user's own profile or password change), a new
 * sign-in's cookie (the direct sign-in) and clearing it. Names, attributes and the "one cookie"
 * rule come from `lib/core/session-cookie`; tokens are minted with the codec that reads them
 * (`lib/core/session-token`), which writes Auth.js's format exactly (Auth.js mints with it too).
 */
import 'server-only';
import { cookies, headers } from 'next/headers';
import type { JWTPayload } from 'jose';
import {
  findSessionCookieAfterWrites,
  isSecureOrigin,
  sessionCookieAttributes,
  sessionCookieName,
  sessionCookieNamesIn,
} from '@/lib/core/session-cookie';
import { profileClaims, readSessionClaims, reissueMaxAge, shouldSlide, type SessionClaims } from '@/lib/core/session-claims';
import { SESSION_MAX_AGE_SECONDS, decodeSessionTokenCached, encodeSessionToken } from '@/lib/core/session-token';
import { getEnv } from '@/lib/core/env';
import { refreshAuthMethods } from '@/lib/core/auth-methods';
import { touchSignIn } from '@/db/queries/sessions';
import type { UserAuthState } from '@/db/queries/users';

/** This request's session cookie, decrypted (`claims` null when it is not a session of ours). */
export interface SessionCookie {
  name: string;
  payload: JWTPayload | null;
  claims: SessionClaims | null;
}

/** The claims a re-issue may replace: the database's view of the user. */
export type ClaimsUpdate = Partial<Pick<SessionClaims, 'role' | 'name' | 'email' | 'picture' | 'authzVersion' | 'emailVerified' | 'amr'> & { reauthAt: number }>;

/**
 * The token claims that carry the database's view of a user. `amr`: the token's methods, of which
 * a second factor the account no longer has is dropped (and `mfa` with it).
 */
export function claimsOf(user: UserAuthState, amr: readonly string[] | undefined): ClaimsUpdate {
  const methods = refreshAuthMethods(amr, user);
  return {
    role: user.role,
    ...profileClaims(user),
    authzVersion: user.authzVersion,
    emailVerified: user.emailVerifiedAt !== null,
    ...(methods ? { amr: methods } : {}),
  };
}

/** `claimsOf` for a re-issue whose caller has the row but not the token: applied to the cookie's own methods. */
export const claimsFrom = (user: UserAuthState) => (current: SessionClaims) => claimsOf(user, current.amr);

/**
 * Decrypts the request's session cookie; null when there is none. Several session cookies (or
 * one under a name this origin does not use) read as a cookie that is no session: nothing to
 * decrypt, nothing to end, nothing to re-issue. A request with an `Authorization` header has none.
 */
export async function readSessionCookie(): Promise<SessionCookie | null> {
  const requestHeaders = await headers();
  // An `Authorization` header (a personal access token, `./access-tokens.ts`): the token alone
  // decides, on every surface; a cookie sent along is never read, re-issued or ended.
  if (requestHeaders.has('authorization')) return null;
  const found = findSessionCookieAfterWrites(requestHeaders.get('cookie'), isSecureOrigin(requestHeaders), await cookies());
  if (found.kind === 'none') return null;
  if (found.kind === 'refused') return { name: '', payload: null, claims: null };
  const payload = await decodeSessionTokenCached(found.value, getEnv().authSecrets, found.name);
  return { name: found.name, payload, claims: readSessionClaims(payload) };
}

/** Sets this response's session cookie; false where cookies cannot be written (a page render). */
async function writeSessionCookie(name: string, token: string, maxAge: number): Promise<boolean> {
  try {
    (await cookies()).set(name, token, sessionCookieAttributes(name, maxAge));
    return true;
  } catch {
    return false; // a server component render: Next.js forbids setting cookies there
  }
}

/**
 * Re-issues this request's session cookie for user `userId`: a new token for the same sign-in
 * (same `authTime`, sliding expiry capped by the absolute one) with `update` applied. `current` is
 * the cookie the caller already decrypted, if any. Returns false when the surface cannot write
 * cookies (a page render) or the cookie is missing, invalid or another user's.
 */
export async function reissueSession(
  userId: string,
  changes: ClaimsUpdate | ((current: SessionClaims) => ClaimsUpdate) = {},
  current?: SessionCookie,
): Promise<boolean> {
  const cookie = current ?? (await readSessionCookie());
  const claims = cookie?.claims;
  if (!cookie?.payload || !claims || claims.id !== userId) return false;
  const update = typeof changes === 'function' ? changes(claims) : changes;
  const maxAge = reissueMaxAge(claims);
  const token = await encodeSessionToken(
    { ...cookie.payload, ...update, sub: claims.id, id: claims.id, authTime: claims.authTime },
    getEnv().authSecrets,
    cookie.name,
    maxAge,
  );
  if (!(await writeSessionCookie(cookie.name, token, maxAge))) return false;
  // The cookie slid (at most once a day): the device list's "last active" moves with it. This is
  // the registry's only write after sign-in, never on the steady path; best effort (a lost write
  // only makes "last active" older).
  if (shouldSlide(claims)) await touchSignIn(claims.sid).catch(() => {});
  return true;
}

/**
 * A new sign-in's cookie (claims from `signInClaims` plus its `sid`), under this origin's name;
 * every other session cookie the request carried is cleared, so the browser holds exactly one.
 */
export async function setNewSessionCookie(claims: Record<string, unknown>): Promise<boolean> {
  const name = sessionCookieName(isSecureOrigin(await headers()));
  const token = await encodeSessionToken(claims, getEnv().authSecrets, name, SESSION_MAX_AGE_SECONDS);
  await clearOtherSessionCookies();
  return writeSessionCookie(name, token, SESSION_MAX_AGE_SECONDS);
}

/**
 * At a new sign-in (Auth.js's or the direct one), before its cookie is written: every session
 * cookie the request carried under another name (the `__Secure-` one from before `__Host-`, a
 * plain one over https) is cleared, or the new cookie would sit beside it and be no session.
 * Best effort outside a request that can write cookies.
 */
export async function clearOtherSessionCookies(): Promise<void> {
  try {
    const requestHeaders = await headers();
    const own = sessionCookieName(isSecureOrigin(requestHeaders));
    const jar = await cookies();
    for (const name of sessionCookieNamesIn(requestHeaders.get('cookie'))) {
      if (name !== own) jar.set(name, '', sessionCookieAttributes(name, 0));
    }
  } catch {
    // no request scope, or a render: nothing to clear here
  }
}

/**
 * Clears this request's session cookies: this origin's name and every other session-family
 * cookie the request carried, each with the attributes it needs to be removed (`Secure` for a
 * prefixed one). False where cookies cannot be written (a page render).
 */
export async function clearSessionCookie(): Promise<boolean> {
  const requestHeaders = await headers();
  // A bearer request's cookies are not this request's session: never touched.
  if (requestHeaders.has('authorization')) return false;
  const jar = await cookies();
  const names = new Set(sessionCookieNamesIn(requestHeaders.get('cookie')));
  const own = sessionCookieName(isSecureOrigin(requestHeaders));
  if (jar.get(own)?.value) names.add(own); // set earlier in this request
  try {
    for (const name of names) jar.set(name, '', sessionCookieAttributes(name, 0));
    return true;
  } catch {
    return false;
  }
}
