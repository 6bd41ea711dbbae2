/**
 * The write side of the session cookie, from Node code: the one re-issue path (sliding expiry,
 * stale claims, the user's own profile or password change) and clearing it. Tokens are minted with
 * the same codec that reads them (`lib/core/session-token`), which writes Auth.js's format exactly
 * (a test decodes an app-minted token with Auth.js's own `decode`).
 */
import 'server-only';
import { cookies } from 'next/headers';
import type { JWTPayload } from 'jose';
import {
  SESSION_COOKIE_NAMES,
  decodeSessionTokenCached,
  encodeSessionToken,
  findSessionCookie,
  readSessionClaims,
  reissueMaxAge,
  shouldSlide,
  type SessionClaims,
} from '@/lib/core/session-token';
import { getEnv } from '@/lib/core/env';
import { touchSignIn } from '@/db/queries/sessions';
import type { UserAuthState } from '@/db/queries/users';

type CookieJar = Awaited<ReturnType<typeof cookies>>;

/** This request's session cookie, decrypted (`claims` null when it is not a session of ours). */
export interface SessionCookie {
  name: string;
  payload: JWTPayload | null;
  claims: SessionClaims | null;
}

/** The claims a re-issue may replace: the database's view of the user. */
export type ClaimsUpdate = Partial<Pick<SessionClaims, 'role' | 'name' | 'email' | 'picture' | 'authzVersion' | 'emailVerified'>>;

/** The token claims that carry the database's view of a user. */
export function claimsOf(user: UserAuthState): ClaimsUpdate {
  return {
    role: user.role,
    name: user.name,
    email: user.email,
    picture: user.image,
    authzVersion: user.authzVersion,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

/** Decrypts the request's session cookie; null when there is none. */
export async function readSessionCookie(jar: CookieJar): Promise<SessionCookie | null> {
  const cookie = findSessionCookie(jar);
  if (!cookie) return null;
  const payload = await decodeSessionTokenCached(cookie.value, getEnv().authSecrets, cookie.name);
  return { name: cookie.name, payload, claims: readSessionClaims(payload) };
}

/**
 * Re-issues this request's session cookie for user `userId`: a new token for the same sign-in
 * (same `authTime`, sliding expiry capped by the absolute one) with `update` applied. `current` is
 * the cookie the caller already decrypted, if any. Returns false when the surface cannot write
 * cookies (a page render) or the cookie is missing, invalid or another user's.
 */
export async function reissueSession(userId: string, update: ClaimsUpdate = {}, current?: SessionCookie): Promise<boolean> {
  const jar = await cookies();
  const cookie = current ?? (await readSessionCookie(jar));
  const claims = cookie?.claims;
  if (!cookie?.payload || !claims || claims.id !== userId) return false;
  const maxAge = reissueMaxAge(claims);
  const token = await encodeSessionToken(
    { ...cookie.payload, ...update, sub: claims.id, id: claims.id, authTime: claims.authTime },
    getEnv().authSecrets,
    cookie.name,
    maxAge,
  );
  try {
    jar.set(cookie.name, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: cookie.name.startsWith('__Secure-'), maxAge });
  } catch {
    return false; // a server component render: Next.js forbids setting cookies there
  }
  // The cookie slid (at most once a day): the device list's "last active" moves with it. This is
  // the registry's only write after sign-in, never on the steady path; best effort (a lost write
  // only makes "last active" older).
  if (shouldSlide(claims)) await touchSignIn(claims.sid).catch(() => {});
  return true;
}

/** Clears this request's session cookie (after revoking every session, this one included). */
export async function clearSessionCookie(): Promise<boolean> {
  const jar = await cookies();
  try {
    for (const name of SESSION_COOKIE_NAMES) if (jar.get(name)) jar.delete(name);
    return true;
  } catch {
    return false;
  }
}
