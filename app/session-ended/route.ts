/**
 * Where a page whose cookie stopped being a session (revoked, banned, deleted, tampered, several
 * session cookies at once) sends the browser: pages cannot clear cookies while rendering, this
 * route can. It clears only a cookie that is actually no session: it is a plain GET, so any site
 * can link to it, and a link must not sign anyone out. A valid session goes on to the dashboard,
 * cookie untouched; an outage clears nothing (the session may well be valid) and shows /outage.
 */
import { NextResponse } from 'next/server';
import { clearSessionCookie, lookupSession } from '@/lib/auth';
import { isDependencyUnavailable, OUTAGE_PATH } from '@/lib/core/errors';
import { publicUrl } from '@/lib/core/public-origin';

async function destination(): Promise<string> {
  try {
    const result = await lookupSession();
    if (result.status === 'ok') return '/dashboard';
    if (result.status === 'invalid' && !result.cleared) await clearSessionCookie();
    return '/login?ended=1';
  } catch (err) {
    if (isDependencyUnavailable(err)) return OUTAGE_PATH;
    throw err;
  }
}

export async function GET(request: Request) {
  const response = NextResponse.redirect(publicUrl(await destination(), request.headers), 303);
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
