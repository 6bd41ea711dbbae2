/**
 * The security cases that depend on the production build:
 * Next.js's own routing and bypass headers in front of the gate, RSC/prefetch requests, server
 * actions posted directly (ids from the build's manifest), Auth.js's CSRF and cookies, spoofed
 * hosts, the throttle over HTTP, and the headers the server actually sends. Table-driven; every
 * probe goes over loopback with no cookie jar (`raw`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './support/fixtures';
import { FOREIGN_TARGETS } from '../security/redirect-cases';
import { credentialsSignIn, expectClean, header, raw, registerUser, sessionCookieOf } from './support/security';

type Account = Awaited<ReturnType<typeof registerUser>>;
let member: Account;
let memberCookie: string;

test.beforeAll(async ({ baseURL }) => {
  member = await registerUser(baseURL!, 'secbuild');
  const signIn = await credentialsSignIn(baseURL!, member.email, member.password);
  memberCookie = sessionCookieOf(signIn)!;
  expect(memberCookie).toBeTruthy();
});

/** Where a page response sends the client: 'login', 'unauthorized', '404', or 'ok' (with the body). */
function verdict(res: { status: number; headers: Record<string, unknown>; text: string }): string {
  const location = String(res.headers.location ?? '');
  if (res.status === 307 || res.status === 303 || res.status === 302) {
    if (location.includes('/login')) return 'login';
    if (location.includes('/unauthorized')) return 'unauthorized';
    if (location.includes('/session-ended')) return 'login';
    return `${res.status} ${location}`;
  }
  if (res.status === 308) return `308 ${new URL(location, 'http://x').pathname}`;
  if (res.status === 404) return '404';
  return `ok ${res.status}`;
}

test.describe('production cookies', () => {
  // The __Host- cookie over real TLS (HttpOnly, Secure, SameSite=Lax, no Domain, HSTS) is proved through the
  // proxy by `npm run test:topology` (tests/topology/browse.e2e.ts). Here, case 62: a client's own
  // X-Forwarded-Proto is not a proxy's, so it never switches the cookie name.
  test('a client-sent X-Forwarded-Proto: https changes no cookie name; every sign-in gets a new value', async ({ baseURL }) => {
    const https = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' };
    const first = await credentialsSignIn(baseURL!, member.email, member.password, { headers: https });
    const second = await credentialsSignIn(baseURL!, member.email, member.password, { headers: https });
    for (const result of [first, second]) {
      const line = result.cookies.lines.find((l) => l.startsWith('authjs.session-token='))!;
      expect(line).toBeTruthy();
      const attrs = line.split(';').slice(1).map((a) => a.trim().toLowerCase());
      expect(attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
      expect(line.split(';')[0]!.length).toBeLessThan(4096);
      expect(result.cookies.lines.some((l) => l.startsWith('__Secure-'))).toBe(false);
    }
    expect(first.cookies.values.get('authjs.session-token')).not.toBe(second.cookies.values.get('authjs.session-token'));
    const csrf = await raw(baseURL!, '/api/auth/csrf', { headers: https });
    expect(header(csrf, 'set-cookie')).toMatch(/^authjs\.csrf-token=/);
  });

  test('a secure cookie is honoured only under its own name', async ({ baseURL }) => {
    const value = memberCookie.split('=').slice(1).join('=');
    const res = await raw(baseURL!, '/api/user', { headers: { cookie: `__Secure-authjs.session-token=${value}` } });
    expect(res.status).toBe(401);
  });
});

const BYPASS: Record<string, string>[] = [
  {},
  { 'x-middleware-subrequest': 'middleware' },
  { 'x-middleware-subrequest': 'src/middleware' },
  { 'x-middleware-subrequest': 'pages/_middleware' },
  { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
  { 'x-middleware-subrequest': 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware' },
  { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
  { 'x-middleware-subrequest': 'src/proxy:src/proxy:src/proxy:src/proxy:src/proxy' },
  { rsc: '1' },
  { rsc: '1', 'next-router-prefetch': '1' },
  { rsc: '1', 'next-router-segment-prefetch': '/_tree' },
  { 'next-router-state-tree': '%5B%22%22%2C%7B%7D%5D', rsc: '1' },
  { 'x-middleware-prefetch': '1' },
  { purpose: 'prefetch' },
  { 'x-invoke-path': '/dashboard', 'x-invoke-query': '' },
  { 'x-now-route-matches': '1' },
];

test.describe('bypass headers and RSC/prefetch requests reach no protected data', () => {
  for (const headers of BYPASS) {
    test(`headers ${JSON.stringify(headers)}`, async ({ baseURL }) => {
      for (const pathname of ['/dashboard', '/dashboard?_rsc=abc12', '/admin', '/admin/users?_rsc=1', '/profile', '/products']) {
        const anon = await raw(baseURL!, pathname, { headers });
        expect(verdict(anon), `${pathname} anonymous`).toMatch(/^(login|404)$/);
        expect(anon.text).not.toContain('Welcome,');
        if (pathname.startsWith('/admin')) {
          const user = await raw(baseURL!, pathname, { headers: { ...headers, cookie: memberCookie } });
          expect(verdict(user), `${pathname} as a user`).toMatch(/^(unauthorized|404)$/);
        }
        expect(anon.text).not.toContain(member.email);
      }
      // Without a cookie the API must not answer the user: 401, or Next.js's own answers that never
      // run the handler (307 for `RSC: 1`, an empty `{}` 200 for `x-middleware-prefetch`).
      const api = await raw(baseURL!, '/api/user', { headers });
      if (api.status === 200) expect(api.text).toBe('{}');
      else expect([401, 307]).toContain(api.status);
      expect(api.text).not.toContain(member.email);
    });
  }
});

test.describe('path variants of protected routes are denied or 404', () => {
  const VARIANTS = [
    '/dashboard', '/Dashboard', '/DASHBOARD', '/dashboard/', '//dashboard', '/dashboard//', '/./dashboard', '/dashboard/.',
    '/%64ashboard', '/dashboard%2F', '/dashboard%2f..%2fadmin', '/dashboard/..%2Fadmin', '/dashboard;x', '/dashboard%00',
    '/dashboard%20', '/admin', '/Admin', '/admin/', '//admin', '/admin%2Fusers', '/admin/./users', '/%61dmin', '/admin/users/',
    '/admin/users?x=1', '/products/../admin', '/profile', '/profile/security', '/products/new', '/products/1/edit',
  ];
  for (const variant of VARIANTS) {
    test(`${variant}`, async ({ baseURL }) => {
      let res = await raw(baseURL!, variant);
      let v = verdict(res);
      for (let hop = 0; hop < 3 && v.startsWith('308 '); hop++) {
        res = await raw(baseURL!, v.slice(4));
        v = verdict(res);
      }
      expect(['login', '404']).toContain(v);
      expect(res.text).not.toContain('Welcome,');
      if (/admin/i.test(variant)) {
        let asUser = await raw(baseURL!, variant, { headers: { cookie: memberCookie } });
        let u = verdict(asUser);
        for (let hop = 0; hop < 3 && u.startsWith('308 '); hop++) {
          asUser = await raw(baseURL!, u.slice(4), { headers: { cookie: memberCookie } });
          u = verdict(asUser);
        }
        expect(['unauthorized', '404']).toContain(u);
      }
    });
  }
});

function serverActions(): { id: string; filename: string }[] {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({ id, filename: entry.filename ?? '' }));
}

test.describe('server actions posted directly, as an attacker would', () => {
  test('every action in the build: a foreign or null Origin is refused with 403 before it runs; no 5xx anywhere', async ({ baseURL }) => {
    const actions = serverActions();
    expect(actions.length).toBeGreaterThan(0);
    for (const { id, filename } of actions) {
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
        for (const page of ['/login', '/dashboard', '/admin']) {
          const res = await raw(baseURL!, page, {
            method: 'POST',
            headers: { 'next-action': id, origin, 'content-type': 'text/plain;charset=UTF-8', cookie: memberCookie },
            body: '[]',
          });
          expect(res.status, `${filename} ${id} from ${origin} on ${page}`).toBe(403);
          expect(header(res, 'set-cookie')).toBe('');
        }
      }
      const crossSite = await raw(baseURL!, '/login', {
        method: 'POST',
        headers: { 'next-action': id, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain;charset=UTF-8' },
        body: '[]',
      });
      expect(crossSite.status).toBe(403);
    }
    // The member is untouched.
    const me = await raw(baseURL!, '/api/user', { headers: { cookie: memberCookie } });
    expect(me.status).toBe(200);
  });

  test('actions of protected areas posted by a signed-out or non-admin client redirect away, never run, never 5xx', async ({ baseURL }) => {
    const guarded = serverActions().filter((a) => /\(dashboard\)|admin|products|profile/.test(a.filename));
    for (const { id, filename } of guarded) {
      for (const cookie of ['', memberCookie, 'authjs.session-token=garbage']) {
        const res = await raw(baseURL!, /admin/.test(filename) ? '/admin' : '/dashboard', {
          method: 'POST',
          headers: { 'next-action': id, origin: baseURL!, 'content-type': 'text/plain;charset=UTF-8', cookie },
          body: '["$undefined",{}]',
        });
        expect(res.status, `${filename} with cookie ${cookie.slice(0, 20)}`).toBeLessThan(500);
        if (/admin/.test(filename)) expect(`${res.status} ${header(res, 'x-action-redirect')} ${header(res, 'location')}`).toMatch(/unauthorized|login|session-ended|303|307/);
      }
    }
  });

  test('an unknown action id answers 4xx, not 5xx', async ({ baseURL }) => {
    const res = await raw(baseURL!, '/login', { method: 'POST', headers: { 'next-action': 'ff'.repeat(21), origin: baseURL! }, body: '[]' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

test.describe('after sign-in the client lands on our origin, whatever the callbackUrl or Host', () => {
  test('the Auth.js credentials callback, every foreign target, with and without a spoofed Host', async ({ baseURL }) => {
    const ours = new URL(baseURL!);
    for (const target of FOREIGN_TARGETS.slice(0, 30)) {
      for (const spoof of [{}, { 'x-forwarded-host': 'evil.example' }] as Record<string, string>[]) {
        const res = await credentialsSignIn(baseURL!, member.email, member.password, { callbackUrl: target, headers: spoof });
        expect(res.status).toBe(302);
        const location = new URL(res.headers.location!, baseURL);
        expect(location.host, `${target} ${JSON.stringify(spoof)}`).toBe(ours.host);
      }
    }
  });

  test('the /login page renders only a local callbackUrl into its form', async ({ baseURL }) => {
    for (const target of FOREIGN_TARGETS) {
      const res = await raw(baseURL!, `/login?callbackUrl=${encodeURIComponent(target)}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('name="callbackUrl" value="/dashboard"');
    }
  });

  test('spoofed X-Forwarded-Host/-Proto never produce a foreign redirect from the gate', async ({ baseURL }) => {
    const spoofs: Record<string, string>[] = [{ 'x-forwarded-host': 'evil.example' }, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }, { 'x-forwarded-proto': 'https' }];
    for (const headers of spoofs) {
      const res = await raw(baseURL!, '/dashboard', { headers });
      expect(res.status).toBe(307);
      const location = new URL(header(res, 'location')!, baseURL);
      expect(location.origin).toBe(new URL(baseURL!).origin);
    }
  });

  // Without AUTH_URL and without a trusted proxy, the Host header is where the client says it is
  // (case 61: the app at 127.0.0.1 or a LAN name): a client naming another host is redirected there
  // itself, and no one else is. Deployments fix the origin with AUTH_URL or behind the proxy, where
  // a spoofed Host changes nothing (tests/topology/edge-input.e2e.ts, tests/security/hosts.test.ts).
  test('a Host naming another host: the redirect goes to the host the client named, over http, never elsewhere', async ({ baseURL }) => {
    const res = await raw(baseURL!, '/dashboard', { headers: { host: 'box.lan:8080', 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(307);
    expect(header(res, 'location')).toBe('http://box.lan:8080/login?callbackUrl=%2Fdashboard');
  });
});

test.describe('cross-site requests', () => {
  test('credentials sign-in without (or with a wrong) CSRF token gets no session cookie', async ({ baseURL }) => {
    const missing = await credentialsSignIn(baseURL!, member.email, member.password, { csrf: false });
    expect(sessionCookieOf(missing)).toBeUndefined();
    expect(missing.headers.location).toContain('MissingCSRF');
    const forged = await raw(baseURL!, '/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `authjs.csrf-token=${'a'.repeat(64)}%7C${'b'.repeat(64)}` },
      body: new URLSearchParams({ csrfToken: 'a'.repeat(64), email: member.email, password: member.password }).toString(),
    });
    expect(header(forged, 'set-cookie')).not.toContain('session-token=ey');
  });

  test('foreign-origin and text/plain writes to the API: 403 / 415, nothing created', async ({ baseURL }) => {
    const email = `csrf-${Date.now()}@example.test`;
    const body = JSON.stringify({ name: 'Cross Site', email, password: 'long-enough-pw' });
    const foreign = await raw(baseURL!, '/api/register', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body });
    expect(foreign.status).toBe(403);
    const plain = await raw(baseURL!, '/api/register', { method: 'POST', headers: { origin: baseURL!, 'content-type': 'text/plain' }, body });
    expect(plain.status).toBe(415);
    // Nothing was created: the address is still free.
    const created = await raw(baseURL!, '/api/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(created.status).toBe(201);
  });

  test('OPTIONS and cross-origin reads never grant credentialed CORS', async ({ baseURL }) => {
    for (const p of ['/api/user', '/api/register', '/api/auth/session', '/api/auth/csrf', '/dashboard']) {
      for (const method of ['OPTIONS', 'GET']) {
        const res = await raw(baseURL!, p, {
          method,
          headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type', cookie: memberCookie },
        });
        expect(res.status, `${method} ${p}`).toBeLessThan(500);
        expect(header(res, 'access-control-allow-origin')).toBe('');
        expect(header(res, 'access-control-allow-credentials')).toBe('');
      }
    }
  });

  test('GET never changes state: GET /api/auth/signout leaves the session valid', async ({ baseURL }) => {
    await raw(baseURL!, '/api/auth/signout', { headers: { cookie: memberCookie } });
    expect((await raw(baseURL!, '/api/user', { headers: { cookie: memberCookie } })).status).toBe(200);
  });
});

test.describe('the throttle over HTTP', () => {
  test('a browser that signed in is a known device: the lockout of unknown clients never refuses its right password (case 73)', async ({ baseURL }) => {
    const owner = await registerUser(baseURL!, 'device');
    const first = await credentialsSignIn(baseURL!, owner.email, owner.password);
    expect(first.status).toBe(302);
    const line = first.cookies.lines.find((l) => l.startsWith('edge-sessions.device='))!;
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; SameSite=lax/i);
    expect(line).toMatch(/; Path=\/(;|$)/);
    expect(line).toMatch(/; Max-Age=31536000/);
    expect(line).not.toMatch(/; Secure/i);
    const device = `edge-sessions.device=${first.cookies.values.get('edge-sessions.device')}`;
    for (let i = 0; i < 5; i++) expect((await credentialsSignIn(baseURL!, owner.email, `wrong-${i}`)).headers.location).toContain('error=CredentialsSignin');
    expect((await credentialsSignIn(baseURL!, owner.email, owner.password)).status).toBe(429);
    const known = await credentialsSignIn(baseURL!, owner.email, owner.password, { cookie: device });
    expect(known.status).toBe(302);
    expect(sessionCookieOf(known)).toBeTruthy();
  });

  test('5 wrong passwords (rotating X-Forwarded-For) → the right one gets 429 JSON with Retry-After', async ({ baseURL }) => {
    const victim = await registerUser(baseURL!, 'throttle');
    for (let i = 0; i < 5; i++) {
      const res = await credentialsSignIn(baseURL!, victim.email, `wrong-${i}`, { headers: { 'x-forwarded-for': `10.9.${i}.1`, 'x-real-ip': `10.8.${i}.1` } });
      expect(res.status).toBe(302);
      expect(res.headers.location).toContain('error=CredentialsSignin');
    }
    const res = await credentialsSignIn(baseURL!, victim.email, victim.password, { headers: { 'x-forwarded-for': '10.200.0.1' } });
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.text)).toEqual({ error: 'Too many sign-in attempts, try again later' });
    expect(sessionCookieOf(res)).toBeUndefined();
    expectClean(res.text, [victim.password]);
  });

  test('an unknown email and a wrong password get the same status, location and body', async ({ baseURL }) => {
    const known = await registerUser(baseURL!, 'enum');
    const wrong = await credentialsSignIn(baseURL!, known.email, 'wrong-password-1');
    const unknown = await credentialsSignIn(baseURL!, `nobody-${Date.now()}@example.test`, 'wrong-password-1');
    expect([unknown.status, unknown.headers.location, unknown.text]).toEqual([wrong.status, wrong.headers.location, wrong.text]);
  });

  test('the login page explains a throttled or unavailable sign-in', async ({ page }) => {
    await page.goto('/login?error=CredentialsSignin&code=rate_limited');
    await expect(page.getByText('Too many sign-in attempts. Wait a few minutes and try again.')).toBeVisible();
    await page.goto('/login?error=CredentialsSignin&code=unavailable');
    await expect(page.getByText('Sign-in is temporarily unavailable. Please try again shortly.')).toBeVisible();
  });

  test('the login form: after 5 wrong passwords the right one shows the throttle message and sets no cookie', async ({ page, auth, context, baseURL }) => {
    const victim = await registerUser(baseURL!, 'throttleform');
    for (let i = 0; i < 5; i++) {
      await auth.signIn(victim.email, `wrong-${i}-password`);
      await expect(page.locator('form [role=alert]')).toHaveText('Invalid email or password.');
    }
    await auth.signIn(victim.email, victim.password);
    await expect(page.locator('form [role=alert]')).toHaveText('Too many sign-in attempts. Wait a few minutes and try again.');
    expect((await context.cookies()).some((c) => c.name.includes('session-token'))).toBe(false);
  });
});

test.describe('headers the production server sends', () => {
  test('pages: nonce CSP without unsafe-eval, frame-ancestors none, nosniff, Referrer-Policy, HSTS', async ({ baseURL }) => {
    for (const [p, cookie] of [['/login', ''], ['/', ''], ['/dashboard', memberCookie], ['/unauthorized', ''], ['/no-such-page', '']] as const) {
      const res = await raw(baseURL!, p, { headers: cookie ? { cookie } : {} });
      const csp = header(res, 'content-security-policy');
      expect(csp, p).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(header(res, 'x-content-type-options')).toBe('nosniff');
      expect(header(res, 'referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(header(res, 'strict-transport-security')).toMatch(/max-age=\d{8}/);
      // Every script tag carries this response's nonce.
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      const scripts = res.text.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
    }
  });

  test('API and error responses: no-store, nosniff, a locked-down CSP, no internals', async ({ baseURL }) => {
    for (const [p, init] of [
      ['/api/user', { headers: { cookie: memberCookie } }],
      ['/api/user', {}],
      ['/api/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }],
      ['/api/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[' .repeat(30000) }],
    ] as const) {
      const res = await raw(baseURL!, p, init as never);
      expect(res.status).toBeLessThan(500);
      expect(header(res, 'cache-control')).toBe('no-store');
      expect(header(res, 'x-content-type-options')).toBe('nosniff');
      expect(header(res, 'content-security-policy')).toContain("default-src 'none'");
      expectClean(res.text, [memberCookie.split('=')[1]!]);
    }
  });

  test('the browser runs the app under the CSP with no violation', async ({ page, auth, baseURL }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const user = await registerUser(baseURL!, 'csp');
    await auth.signIn(user.email, user.password);
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto('/login');
    // Hydrated: React attached its root to the page.
    await expect.poll(() => page.evaluate(() => Object.keys(document).some((k) => k.startsWith('__reactContainer')))).toBe(true);
    expect(violations).toEqual([]);
  });
});
