/**
 * Security case 54 (hygiene), handler level: `Cache-Control: no-store` on every personal or error
 * response, error bodies without stacks or internals, and the page headers the middleware adds
 * (CSP with a fresh nonce per request, frame-ancestors, nosniff, Referrer-Policy). HSTS and the
 * production CSP are checked against the build in `tests/e2e/security-build.e2e.ts`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { GET as getUser } from '@/app/api/user/route';
import { POST as register } from '@/app/api/register/route';
import nextConfig from '@/next.config';
import { middleware } from '@/middleware';
import { handler } from '@/lib/api/handler';
import { pageCsp, staticSecurityHeaders } from '@/lib/core/security-headers';
import { callRoute } from '@/tests/helpers/http';
import { TEST_PASSWORD } from '@/tests/helpers/users';
import { expectNoSecrets } from './support';
import { freshBackendsWithSignedInUser } from '@/tests/helpers/suite';

let cookie: string;
beforeAll(async () => ({ cookie } = await freshBackendsWithSignedInUser()));

describe('Cache-Control: no-store on personal and error responses', () => {
  it.each([
    ['200 /api/user', () => callRoute(getUser, { cookie })],
    ['401 /api/user', () => callRoute(getUser)],
    ['422 /api/register', () => callRoute(register, { method: 'POST', body: { name: 'x' } })],
    ['415 /api/register', () => callRoute(register, { method: 'POST', body: 'a=b', headers: { 'content-type': 'text/plain' } })],
    ['403 /api/register', () => callRoute(register, { method: 'POST', body: {}, headers: { origin: 'https://evil.example' } })],
  ])('%s', async (_n, call) => {
    const res = await call();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expectNoSecrets(res.text, [cookie.split('=')[1]!, TEST_PASSWORD]);
  });
});

describe('errors never leak internals', () => {
  it('an unexpected exception answers a generic 500 without message, stack or secrets', async () => {
    const leaky = handler({ access: 'user' }, async () => {
      throw new Error(`boom with ${TEST_PASSWORD} and scrypt$16384$8$1$abc at Object.x (/app/lib/x.ts:1:1)`);
    });
    const original = console.error;
    console.error = () => {};
    try {
      const res = await callRoute(leaky, { cookie });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({ error: 'Internal error' });
      expectNoSecrets(res.text, [TEST_PASSWORD]);
    } finally {
      console.error = original;
    }
  });
});

describe('page headers from the middleware', () => {
  const get = (path: string, cookieHeader?: string) =>
    middleware(new NextRequest(`http://localhost:3000${path}`, { headers: { host: 'localhost:3000', ...(cookieHeader ? { cookie: cookieHeader } : {}) } }));

  it.each(['/', '/login', '/dashboard', '/admin'])('%s carries CSP with a nonce, nosniff, Referrer-Policy, frame-ancestors', async (path) => {
    const res = await get(path, path === '/dashboard' ? cookie : undefined);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{22,}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it('a fresh nonce per request, passed to Next.js on the request CSP header', async () => {
    const a = await get('/login');
    const b = await get('/login');
    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy')!)![1];
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect(a.headers.get('x-middleware-request-content-security-policy')).toBe(a.headers.get('content-security-policy'));
  });

  it('production: no unsafe-eval, HSTS on; development only adds unsafe-eval', () => {
    expect(pageCsp('n', true)).not.toContain('unsafe-eval');
    expect(pageCsp('n', false)).toContain("'unsafe-eval'");
    expect(staticSecurityHeaders(true)['Strict-Transport-Security']).toMatch(/^max-age=\d{8,}/);
    expect(staticSecurityHeaders(false)['Strict-Transport-Security']).toBeUndefined();
  });

  it('next.config headers() cover API and static responses', async () => {
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === '/:path*')!;
    expect(all.headers).toEqual(expect.arrayContaining([{ key: 'X-Content-Type-Options', value: 'nosniff' }]));
    const api = rules.find((r) => r.source === '/api/:path*')!;
    expect(api.headers[0]!.value).toContain("frame-ancestors 'none'");
  });
});
