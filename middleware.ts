/**
 * The edge gate (a convenience, not the lock: every page, action and handler checks again).
 *
 * For the protected page groups only: a request without a valid, unexpired session token gets
 * 307 to `/login?callbackUrl=<path>`; a non-admin on `/admin` gets 307 to `/unauthorized`. It
 * verifies Auth.js's cookie directly with jose (key derived once, verified tokens cached until
 * they expire) and re-issues the cookie only when it is older than the update age (sliding
 * expiry), never past the absolute lifetime. `/api/*` is not matched: handlers answer 401 JSON.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { isAdminPath } from '@/auth.config';
import {
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  decodeSessionTokenCached,
  encodeSessionToken,
  readSessionClaims,
  reissueMaxAge,
  shouldSlide,
} from '@/lib/edge/session-token';
import { readAuthSecrets } from '@/lib/env';

const secrets = readAuthSecrets();

export async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const cookieName = request.cookies.has(SECURE_SESSION_COOKIE) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const token = request.cookies.get(cookieName)?.value;
  const payload = token ? await decodeSessionTokenCached(token, secrets, cookieName) : null;
  const claims = readSessionClaims(payload);

  if (!payload || !claims) {
    const login = new URL('/login', request.nextUrl.origin);
    login.searchParams.set('callbackUrl', `${pathname}${search}`);
    return NextResponse.redirect(login, 307);
  }
  if (isAdminPath(pathname) && claims.role !== 'admin') {
    return NextResponse.redirect(new URL('/unauthorized', request.nextUrl.origin), 307);
  }

  const response = NextResponse.next();
  if (shouldSlide(claims)) {
    const maxAge = reissueMaxAge(claims);
    const fresh = await encodeSessionToken(payload, secrets, cookieName, maxAge);
    response.cookies.set(cookieName, fresh, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: cookieName === SECURE_SESSION_COOKIE,
      maxAge,
    });
  }
  return response;
}

export const config = {
  matcher: ['/dashboard/:path*', '/profile/:path*', '/products/:path*', '/admin/:path*'],
};
