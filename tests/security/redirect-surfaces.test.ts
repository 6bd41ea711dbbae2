/**
 * Security case 67 through the surfaces that accept or show a redirect target: Auth.js's real
 * credentials callback (its `redirect` callback, `callbackUrl` in the form body or the query) and
 * the signed-in `/login` page's "Continue" link. Dot segments collapse to `//evil.example/…` only
 * after URL resolution; the Location and the link must stay on our origin.
 */
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import LoginPage from '@/app/(auth)/login/page';
import { authPost } from '@/tests/helpers/authjs';
import { ORIGIN } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';

const DOT_SEGMENT_TARGETS = ['/.//evil.example/phish', '/a/..//evil.example/phish', '/%2e//evil.example/phish', '/%2E%2E//evil.example/phish', '/./%2F/evil.example/phish'];

let user: TokenSubject;
setUpFreshBackendsAndKvPerTest();
beforeAll(async () => {
  user = await createTestUser();
});

describe('Auth.js credentials callback with a dot-segment callbackUrl', () => {
  it.each(DOT_SEGMENT_TARGETS)('%s in the form body: signed in, Location on our origin', async (target) => {
    const res = await authPost('/api/auth/callback/credentials', '', { email: user.email, password: TEST_PASSWORD, callbackUrl: target });
    expect(res.status).toBe(302);
    expect(res.sessionCookie).toBeTruthy();
    const location = new URL(res.headers.get('location')!, ORIGIN);
    expect(location.origin).toBe(ORIGIN);
    expect(location.pathname).toBe('/dashboard');
  });

  it('in the query string: Location on our origin', async () => {
    const path = `/api/auth/callback/credentials?callbackUrl=${encodeURIComponent('/.//evil.example/phish')}`;
    const res = await authPost(path, '', { email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!, ORIGIN).origin).toBe(ORIGIN);
  });
});

describe('the signed-in /login page never offers a protocol-relative Continue link', () => {
  it.each(DOT_SEGMENT_TARGETS)('%s', async (target) => {
    enterRequest({ cookie: await sessionCookie(user), surface: 'page' });
    const html = renderToString(await LoginPage({ searchParams: Promise.resolve({ callbackUrl: target }) }));
    expect(html).toContain('Already signed in');
    expect(html).not.toMatch(/href="\/\//);
    expect(html).not.toContain('evil.example');
    expect(html).toContain('href="/dashboard"');
  });

  it('control: a local target is offered as is', async () => {
    enterRequest({ cookie: await sessionCookie(user), surface: 'page' });
    const html = renderToString(await LoginPage({ searchParams: Promise.resolve({ callbackUrl: '/./products?page=2' }) }));
    expect(html).toContain('href="/products?page=2"');
  });
});
