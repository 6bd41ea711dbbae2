// Size experiment (bench:size only, never shipped): the gate's session check alone (cookie, jose
// decrypt, claims, redirects), without the security headers, so the breakdown shows its bytes.
import { NextResponse, type NextRequest } from 'next/server';
import { isAdminPath, isProtectedPath } from '@/lib/core/routes';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, decodeSessionTokenCached, readSessionClaims } from '@/lib/core/session-token';
import { readAuthSecrets } from '@/lib/core/env';

const secrets = readAuthSecrets();

export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (!isProtectedPath(pathname)) return NextResponse.next();
  const cookieName = request.cookies.has(SECURE_SESSION_COOKIE) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const token = request.cookies.get(cookieName)?.value;
  const claims = readSessionClaims(token ? await decodeSessionTokenCached(token, secrets, cookieName) : null);
  if (!claims) return NextResponse.redirect(new URL('/login', request.nextUrl.origin), 307);
  if (isAdminPath(pathname) && claims.role !== 'admin') return NextResponse.redirect(new URL('/unauthorized', request.nextUrl.origin), 307);
  return NextResponse.next();
}
