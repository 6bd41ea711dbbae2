/**
 * Reading and (re-)writing the Auth.js session cookie from Node code. New tokens are minted with
 * Auth.js's own `encode`, so there is exactly one token format.
 */
import 'server-only';
import { encode } from 'next-auth/jwt';
import type { JWTPayload } from 'jose';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, reissueMaxAge, type SessionClaims } from '@/lib/core/session-token';
import { getEnv } from '@/lib/core/env';

export interface CookieJar {
  get(name: string): { value: string } | undefined;
  set(name: string, value: string, options: Record<string, unknown>): unknown;
  delete(name: string): unknown;
}

/** The session cookie present on the request, preferring the `__Secure-` one. */
export function findSessionCookie(jar: Pick<CookieJar, 'get'>): { name: string; value: string } | null {
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const value = jar.get(name)?.value;
    if (value) return { name, value };
  }
  return null;
}

export function sessionCookieOptions(name: string, maxAge: number) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: name.startsWith('__Secure-'), maxAge };
}

/** A new token for the same sign-in with fresher claims (role, name, version). */
export async function mintSessionToken(
  cookieName: string,
  previous: JWTPayload,
  claims: SessionClaims,
  update: Partial<Pick<SessionClaims, 'role' | 'name' | 'email' | 'picture' | 'authzVersion'>>,
): Promise<{ token: string; maxAge: number }> {
  const maxAge = reissueMaxAge(claims);
  const { iat: _iat, exp: _exp, jti: _jti, ...rest } = previous;
  const token = await encode({
    salt: cookieName,
    secret: getEnv().authSecrets,
    maxAge,
    token: { ...rest, ...update, sub: claims.id, id: claims.id, authTime: claims.authTime },
  });
  return { token, maxAge };
}

/**
 * Writes a cookie where the surface allows it (route handlers, server actions). Returns false in
 * a server component render, where Next.js forbids setting cookies.
 */
export function trySetCookie(jar: CookieJar, name: string, value: string, maxAge: number): boolean {
  try {
    jar.set(name, value, sessionCookieOptions(name, maxAge));
    return true;
  } catch {
    return false;
  }
}

export function tryClearSessionCookies(jar: CookieJar): boolean {
  try {
    for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) if (jar.get(name)) jar.delete(name);
    return true;
  } catch {
    return false;
  }
}
