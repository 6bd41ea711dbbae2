// Size experiment (bench:size only, never shipped): the gate's session check alone (cookie, jose
// decrypt, claims, redirects), without the security headers, so the breakdown shows its bytes.
import { NextResponse, type NextRequest } from 'next/server';
import { isAdminPath, isProtectedPath } from '@/lib/core/routes';
import { decodeSessionTokenCached } from '@/lib/core/session-token';
import { findSessionCookie, isSecureOrigin } from '@/lib/core/session-cookie';
import { readSessionClaims } from '@/lib/core/session-claims';
import { readAuthSecrets } from '@/lib/core/env';

const secrets = readAuthSecrets();

export async function middleware(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (!isProtectedPath(pathname)) return NextResponse.next();
  const cookie = findSessionCookie(request.headers.get('cookie'), isSecureOrigin(request.headers));
  const claims = readSessionClaims(cookie.kind === 'one' ? await decodeSessionTokenCached(cookie.value, secrets, cookie.name) : null);
  if (!claims) return NextResponse.redirect(new URL('/login', request.nextUrl.origin), 307);
  if (isAdminPath(pathname) && claims.role !== 'admin') return NextResponse.redirect(new URL('/unauthorized', request.nextUrl.origin), 307);
  return NextResponse.next();
}
