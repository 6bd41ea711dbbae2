import { NextResponse } from 'next/server';
import { getSession } from '@/lib/auth';
import { handler } from '@/lib/api/handler';
import { publicUrl } from '@/lib/core/public-origin';
import { safeRedirectPath } from '@/lib/core/safe-redirect';

/**
 * `GET /unauthorized/resume?to=<path>`: where `/unauthorized` sends a user whom the edge gate
 * refused on the role of an older token but who is an admin now (issue 21, finding 11). A page
 * render cannot write the cookie, a route handler can: the session lookup re-issues the stale
 * cookie with the database's role (the one re-issue path), and the browser goes back to the page
 * it wanted, which the gate now lets through. Works without JavaScript (plain redirects).
 * Anyone who is not an admin after the lookup goes to `/unauthorized` without `from`, so no
 * redirect can loop; `to` is only ever a local path (`safeRedirectPath`).
 */
export const GET = handler({ access: 'public' }, async ({ request }) => {
  const to = safeRedirectPath(new URL(request.url).searchParams.get('to'), '/admin');
  const session = await getSession();
  const back = session?.user.role === 'admin' && !session.needsCookieRefresh;
  const target = publicUrl(back ? to : '/unauthorized', request.headers);
  // Belt and braces: whatever the path check let through, the browser stays on our origin.
  const local = target.origin === publicUrl('/', request.headers).origin ? target : publicUrl('/admin', request.headers);
  const response = NextResponse.redirect(local, 303);
  response.headers.set('Cache-Control', 'no-store');
  return response;
});
