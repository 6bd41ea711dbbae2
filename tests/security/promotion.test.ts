/**
 * Issue 21, finding 11: a promoted user reaches `/admin` on the very next request, without
 * JavaScript. The edge gate decides on the old token's role and sends them to
 * `/unauthorized?from=<path>`; that page asks the database, hands over to `/unauthorized/resume`,
 * which re-issues the cookie and returns to the page; the gate then lets the new cookie through.
 * Every hop is the real code: the middleware, the page component, the route handler.
 */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import UnauthorizedPage from '@/app/unauthorized/page';
import { GET as resume } from '@/app/unauthorized/resume/route';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { middleware } from '@/middleware';
import { redirectTarget } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

let boss: TokenSubject;
setUpFreshBackendsAndKvPerTest();
beforeAll(async () => {
  boss = await createTestUser({ role: 'admin' });
});

async function gate(path: string, cookie: string): Promise<Response> {
  return middleware(new NextRequest(`http://localhost:3000${path}`, { headers: { host: 'localhost:3000', cookie } }));
}

/** What `/unauthorized?from=…` does for this cookie: a redirect target, or 'page' when it renders the 403. */
async function unauthorizedPage(cookie: string, from?: string): Promise<string> {
  enterRequest({ cookie, surface: 'page' });
  const target = await redirectTarget(() => UnauthorizedPage({ searchParams: Promise.resolve(from === undefined ? {} : { from }) }));
  return target ?? 'page';
}

describe('a promoted user reaches /admin on the next request, without JavaScript', () => {
  it('gate → /unauthorized?from → resume (cookie re-issued) → back to the page, which the gate now lets through', async () => {
    const user = await createTestUser();
    const before = await sessionCookie(user);
    await changeUserAsAdmin(boss.id, user.id, { kind: 'update', role: 'admin' });

    const refused = await gate('/admin/users?q=ab', before);
    expect(refused.status).toBe(307);
    const denied = new URL(refused.headers.get('location')!);
    expect(denied.pathname).toBe('/unauthorized');
    expect(denied.searchParams.get('from')).toBe('/admin/users?q=ab');

    const handover = await unauthorizedPage(before, denied.searchParams.get('from')!);
    expect(handover).toBe(`/unauthorized/resume?to=${encodeURIComponent('/admin/users?q=ab')}`);

    const back = await callRoute(resume, { path: handover, cookie: before });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('http://localhost:3000/admin/users?q=ab');
    expect(back.headers.get('cache-control')).toBe('no-store');
    const reissued = back.cookiesWritten.get(SESSION_COOKIE);
    expect(reissued).toBeTruthy();

    const through = await gate('/admin/users?q=ab', `${SESSION_COOKIE}=${reissued}`);
    expect(through.headers.get('x-middleware-next')).toBe('1');
  });

  it('a user who is still not an admin sees the 403 page, and resume sends them to it without looping', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    expect(await unauthorizedPage(cookie, '/admin')).toBe('page');
    const back = await callRoute(resume, { path: '/unauthorized/resume?to=%2Fadmin', cookie });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('http://localhost:3000/unauthorized');
    expect(back.cookiesWritten.get(SESSION_COOKIE)).toBeUndefined();
    // Signed out: the same.
    expect((await callRoute(resume, { path: '/unauthorized/resume?to=%2Fadmin' })).headers.get('location')).toBe('http://localhost:3000/unauthorized');
  });

  it.each(['//evil.example/x', '/.//evil.example/x', 'https://evil.example/', '/\\evil.example'])('an admin is never sent off-site: to=%s', async (to) => {
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await sessionCookie(admin);
    const handover = await unauthorizedPage(cookie, to);
    expect(handover.startsWith('/unauthorized/resume?to=')).toBe(true);
    const back = await callRoute(resume, { path: `/unauthorized/resume?to=${encodeURIComponent(to)}`, cookie });
    expect(new URL(back.headers.get('location')!).origin).toBe('http://localhost:3000');
  });
});
