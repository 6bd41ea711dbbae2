// A page whose cookie stopped being a session (revoked, banned, deleted, tampered) lands here:
// the cookie is cleared (pages cannot clear cookies while rendering) and the browser goes to /login.
import { NextResponse } from 'next/server';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/core/session-token';
import { publicUrl } from '@/lib/core/public-origin';

export function GET(request: Request) {
  const response = NextResponse.redirect(publicUrl('/login?ended=1', request.headers), 303);
  for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
    response.cookies.set(name, '', { path: '/', maxAge: 0, httpOnly: true, sameSite: 'lax', secure: name.startsWith('__Secure-') });
  }
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
