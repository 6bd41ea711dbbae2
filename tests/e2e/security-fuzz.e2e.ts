/**
 * The fuzz pass of the security suite: 5,000 seeded random requests (cookies, headers, JSON
 * bodies) against the API and the protected pages of the production build, over loopback, bounded
 * in count and time. Every response must be below 500 and free of secrets: no stack, no hash, no
 * server secret, no token we sent.
 */
import { expect, test } from './support/fixtures';
import { credentialsSignIn, expectClean, raw, registerUser, sessionCookieOf } from './support/security';

const REQUESTS = 5_000;
const CONCURRENCY = 8;
const TIME_LIMIT_MS = 150_000;

/** mulberry32: a small seeded generator, so a failure can be replayed with the printed seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('fuzz: 5,000 random requests → zero 5xx, zero leaked secrets', async ({ baseURL }) => {
  test.setTimeout(TIME_LIMIT_MS + 60_000);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  console.log(`fuzz seed ${seed}`);
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (max: number) => Math.floor(random() * max);

  // Own accounts only: random writes that happen to be valid must not touch the shared demo accounts.
  const users = [await registerUser(baseURL!, 'fuzz'), await registerUser(baseURL!, 'fuzz')];
  const real: string[] = [];
  for (const u of users) real.push(sessionCookieOf(await credentialsSignIn(baseURL!, u.email, u.password))!);
  const realValues = real.map((c) => c.split('=').slice(1).join('='));

  const PATHS = [
    '/api/user', '/api/register', '/api/auth/session', '/api/auth/csrf', '/api/auth/signout', '/api/products', '/api/products/1',
    '/api/products/00000000-0000-0000-0000-000000000000', '/api/admin/users', '/api/user/sessions', '/api/session/refresh',
    '/dashboard', '/admin', '/admin/users', '/admin/audit', '/profile', '/profile/security', '/products', '/products/new',
    '/products/1/edit', '/login', '/unauthorized', '/session-ended', '/api/internal/counters',
  ] as const;
  const METHODS = ['GET', 'GET', 'GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'] as const;
  const STRINGS = ['', 'a', 'admin', '../../etc/passwd', "' OR 1=1 --", '<script>alert(1)</script>', '\u202e', '😀', 'null', '%00', '\\', '${7*7}', 'x'.repeat(3000)];

  const flip = (token: string) => {
    const i = int(token.length);
    return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
  };
  const cookieValue = (): string => {
    const base = pick(realValues);
    switch (int(9)) {
      case 0: return '';
      case 1: return flip(base);
      case 2: return base.slice(0, int(base.length));
      case 3: return base.split('.').reverse().join('.');
      case 4: return 'A'.repeat(int(5000));
      case 5: return encodeURIComponent(pick(STRINGS));
      case 6: return `${base}.${base}`;
      case 7: return Buffer.from(pick(STRINGS)).toString('base64url');
      default: return base.replace(/[a-z]/g, (c) => (random() < 0.02 ? c.toUpperCase() : c));
    }
  };
  const jsonValue = (depth: number): unknown => {
    const k = int(depth > 4 ? 5 : 8);
    if (k === 0) return pick(STRINGS);
    if (k === 1) return random() * 1e12 - 5e11;
    if (k === 2) return random() < 0.5;
    if (k === 3) return null;
    if (k === 4) return '\u0000' + pick(STRINGS) + '\ud800';
    if (k === 5) return Array.from({ length: int(4) }, () => jsonValue(depth + 1));
    const keys = ['name', 'email', 'password', 'role', 'id', 'userId', 'authzVersion', '__proto__', 'constructor', 'price', 'title', 'bio', 'theme'];
    return Object.fromEntries(Array.from({ length: int(5) }, () => [pick(keys), jsonValue(depth + 1)]));
  };
  const body = (): string => {
    switch (int(6)) {
      case 0: return '';
      case 1: return JSON.stringify(jsonValue(0)).slice(0, int(200));
      case 2: return '['.repeat(int(20_000));
      case 3: return 'a=b&c=d';
      default: return JSON.stringify(jsonValue(0));
    }
  };
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = {};
    const cookieName = pick(['authjs.session-token', '__Secure-authjs.session-token', 'authjs.csrf-token', 'next-auth.session-token', 'authjs.session-token.0']);
    if (random() < 0.9) h.cookie = `${cookieName}=${cookieValue()}`;
    if (random() < 0.3) h['x-middleware-subrequest'] = pick(['middleware', 'src/middleware', 'middleware:middleware:middleware:middleware:middleware', 'proxy:proxy:proxy:proxy:proxy']);
    if (random() < 0.2) h.rsc = '1';
    if (random() < 0.1) h['next-router-prefetch'] = '1';
    if (random() < 0.3) h.origin = pick(['https://evil.example', 'null', baseURL!, 'http://localhost', '']);
    if (random() < 0.2) h['sec-fetch-site'] = pick(['cross-site', 'same-site', 'same-origin', 'none', 'bogus']);
    if (random() < 0.5) h['content-type'] = pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', '']);
    if (random() < 0.2) h.authorization = pick(['Bearer', 'Bearer ' + pick(realValues), 'Basic Og==', 'Bearer ' + 'x'.repeat(int(3000))]);
    if (random() < 0.1) h['x-forwarded-host'] = pick(['evil.example', 'localhost:1', '']);
    if (random() < 0.1) h['x-forwarded-for'] = `${int(255)}.${int(255)}.${int(255)}.${int(255)}`;
    if (random() < 0.05) h['next-action'] = Buffer.from(String(random())).toString('hex').slice(0, 42);
    return h;
  };

  const failures: string[] = [];
  const started = Date.now();
  let sent = 0;
  const worker = async () => {
    while (sent < REQUESTS && Date.now() - started < TIME_LIMIT_MS) {
      sent++;
      const method = pick(METHODS);
      const p = pick(PATHS) + (random() < 0.1 ? `?callbackUrl=${encodeURIComponent(pick(STRINGS))}&_rsc=${int(99)}` : '');
      const h = headers();
      const b = method === 'GET' || method === 'HEAD' ? undefined : body();
      const res = await raw(baseURL!, p, { method, headers: h, body: b });
      if (res.status >= 500) failures.push(`${res.status} ${method} ${p} ${JSON.stringify(h).slice(0, 300)} body=${(b ?? '').slice(0, 100)}`);
      try {
        expectClean(res.text, realValues);
      } catch {
        failures.push(`leak ${method} ${p}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  console.log(`fuzz: ${sent} requests in ${Date.now() - started} ms`);
  expect(failures.slice(0, 20)).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(REQUESTS);
});
