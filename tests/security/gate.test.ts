/**
 * Security cases 11–15 (the gate is not the lock), handler level: the real middleware's rules
 * over path variants, and — with the middleware out of the picture — the checks that pages,
 * actions and route handlers make themselves. Bypass headers (`x-middleware-subrequest`, RSC and
 * prefetch headers) are proven only against the production server, in
 * `tests/e2e/security-build.e2e.ts` and `security-fuzz.e2e.ts`: the bypass is Next.js's router
 * skipping the middleware, so sending them to the middleware function here could never fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GET as getUser } from '@/app/api/user/route';
import { middleware } from '@/middleware';
import { validatedAction } from '@/lib/actions/safe-action';
import { requireAuth } from '@/lib/auth';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { mintToken, sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';
import { gateVerdict } from './surfaces';

let user: TokenSubject;
let userCookie: string;
let adminCookie: string;
beforeAll(async () => {
  await useFreshBackends();
  user = await createTestUser();
  userCookie = await sessionCookie(user);
  adminCookie = await sessionCookie(await createTestUser({ role: 'admin' }));
});

const PROTECTED = ['/dashboard', '/dashboard/', '/dashboard/anything', '/profile', '/profile/security', '/products', '/products/new', '/products/123/edit'];
const ADMIN = ['/admin', '/admin/', '/admin/users', '/admin/audit', '/admin/users?q=x'];
const PUBLIC = ['/', '/login', '/register', '/unauthorized', '/dashboardx', '/administrator'];

describe('the gate on protected page groups', () => {
  it.each(PROTECTED.concat(ADMIN))('%s without a cookie → 307 /login', async (path) => {
    expect(await gateVerdict(middleware, path)).toBe('login');
  });
  it.each(ADMIN)('%s with a user token → 307 /unauthorized; with an admin token → through', async (path) => {
    expect(await gateVerdict(middleware, path, userCookie)).toBe('unauthorized');
    expect(await gateVerdict(middleware, path, adminCookie)).toBe('pass');
  });
  it.each(PUBLIC)('%s is public: through without a token (headers only)', async (path) => {
    expect(await gateVerdict(middleware, path)).toBe('pass');
  });
  it('the callbackUrl keeps the path and query', async () => {
    const res = await middleware(new (await import('next/server')).NextRequest('http://localhost:3000/products/1?tab=edit', { headers: { host: 'localhost:3000' } }));
    expect(res.headers.get('location')).toBe('http://localhost:3000/login?callbackUrl=%2Fproducts%2F1%3Ftab%3Dedit');
  });
});

describe('with the gate out of the picture, every surface checks for itself', () => {
  it('a page (requireAuth) without a session redirects to /login', async () => {
    enterRequest({ surface: 'page' });
    await expect(requireAuth()).rejects.toMatchObject({ digest: expect.stringContaining('/login') });
  });

  it('an admin action called by a user is refused before its body runs; nothing changes', async () => {
    let ran = false;
    const adminAction = validatedAction('admin', z.strictObject({ role: z.enum(['user', 'admin']) }), async () => {
      ran = true;
    });
    const form = new FormData();
    form.set('role', 'admin');
    for (const cookie of [userCookie, undefined, 'authjs.session-token=garbage']) {
      enterRequest({ cookie, surface: 'action' });
      await expectDbUnchanged(async () => {
        await expect(adminAction({ status: 'idle' }, form)).rejects.toMatchObject({ digest: expect.stringMatching(/\/unauthorized|\/login|\/session-ended/) });
      });
    }
    expect(ran).toBe(false);
  });
});

describe('malformed Authorization headers → 401, never 500 (the API reads only the cookie)', () => {
  it.each([
    'Bearer',
    'Bearer ',
    'Bearer garbage',
    'Bearer a.b.c',
    'Bearer ' + 'x'.repeat(8000),
    'Bearer \u00ff\u00fe',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer null',
    'bearer undefined',
  ])('%j', async (authorization) => {
    const res = await expectDbUnchanged(() => callRoute(getUser, { headers: { authorization } }));
    expect(res.status).toBe(401);
  });
  it('even a genuine session token sent as a Bearer header is not a session (cookie only)', async () => {
    const res = await callRoute(getUser, { headers: { authorization: `Bearer ${await mintToken(user)}` } });
    expect(res.status).toBe(401);
  });
});
