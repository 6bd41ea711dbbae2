/**
 * Security case 68 and findings 8 and 10 (issue 21): one session cookie, one identity.
 *
 * Two values for the session cookie (cookie tossing from a sibling subdomain), or a `__Secure-`
 * and a plain one, are no session on every surface — the gate, route handlers, the data access
 * layer and Auth.js's own routes — and a sign-out never ends a sign-in other than the one shown.
 * Over https the cookie is `__Host-`; `/session-ended` clears only a cookie that is no session.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { userSessions } from '@/db/schema';
import { GET as getUser } from '@/app/api/user/route';
import { GET as sessionEnded } from '@/app/session-ended/route';
import { signOutAction } from '@/app/(auth)/sign-out';
import { middleware } from '@/middleware';
import { HOST_SESSION_COOKIE, LEGACY_SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/core/session-cookie';
import { authGet, authPost, signInThroughAuthJs } from '@/tests/helpers/authjs';
import { redirectTarget } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';
import { mintToken, sessionCookie, sidOfCookie } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { DENIED, judge } from './surfaces';

setUpFreshBackendsAndKvPerTest();

const HTTPS = 'https://app.example.com';
const savedAuthUrl = process.env.AUTH_URL;
afterEach(() => {
  if (savedAuthUrl === undefined) delete process.env.AUTH_URL;
  else process.env.AUTH_URL = savedAuthUrl;
});

const valueOf = (pair: string) => pair.slice(pair.indexOf('=') + 1);

async function endedAt(cookie: string): Promise<Date | null> {
  const [row] = await (await getDb()).select().from(userSessions).where(eq(userSessions.id, await sidOfCookie(cookie)));
  return row!.endedAt;
}

/** A victim signed in (A) and an attacker's own valid cookie (B) tossed in beside it. */
async function victimAndTossed() {
  const victim = await createTestUser();
  const attacker = await createTestUser({ role: 'admin' });
  const a = await sessionCookie(victim);
  const b = await sessionCookie(attacker);
  return { victim, attacker, a, b, both: `${a}; ${b}` };
}

describe('two session cookies are no session on every surface', () => {
  it('A then B (the gate and pages would act as B, Auth.js as A) → denied on the gate, /api/user and getSession', async () => {
    const { a, b, both, victim } = await victimAndTossed();
    expect(await judge(middleware, both)).toEqual(DENIED);
    expect(await judge(middleware, `${b}; ${a}`)).toEqual(DENIED);
    // Control: each alone is a session, so the verdict above is the duplicate's.
    expect((await judge(middleware, a)).session).toBe(victim.id);
  });

  it('a __Secure- and a plain cookie, or an Auth.js "chunk" beside the cookie → denied', async () => {
    const { a, b } = await victimAndTossed();
    expect(await judge(middleware, `${LEGACY_SECURE_SESSION_COOKIE}=${valueOf(b)}; ${a}`)).toEqual(DENIED);
    expect(await judge(middleware, `${a}; ${SESSION_COOKIE}.0=${valueOf(b).slice(0, 20)}`)).toEqual(DENIED);
  });

  it('GET /api/auth/session answers no session and re-issues neither cookie', async () => {
    const { a, both } = await victimAndTossed();
    const res = await authGet('/api/auth/session', both);
    expect(res.status).toBe(200);
    expect(res.json).toBeNull();
    expect(res.setCookies.filter((c) => c.includes('session-token=ey'))).toEqual([]);
    // Control: the victim's cookie alone is a session there (and is re-issued, Auth.js's way).
    const alone = await authGet('/api/auth/session', a);
    expect((alone.json as { user?: { email?: string } } | null)?.user?.email).toBeTruthy();
    expect(alone.sessionCookie).toBeTruthy();
  });

  it('POST /api/auth/signout ends neither sign-in (none is the one shown) and clears the cookie', async () => {
    const { a, b, both } = await victimAndTossed();
    const res = await authPost('/api/auth/signout', both);
    expect(res.status).toBe(302);
    expect(await endedAt(a)).toBeNull();
    expect(await endedAt(b)).toBeNull();
    expect(res.setCookies.some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
  });

  it('the sign-out action ends neither sign-in either', async () => {
    const { a, b, both } = await victimAndTossed();
    enterRequest({ cookie: both, surface: 'action', headers: { host: 'localhost:3000' } });
    expect(await redirectTarget(() => signOutAction())).toMatch(/\/login\?signedOut=this-device$/);
    expect(await endedAt(a)).toBeNull();
    expect(await endedAt(b)).toBeNull();
    expect(currentRequest().written.get(SESSION_COOKIE)).toBe('');
  });
});

describe('over https the session cookie is __Host-', () => {
  it('an Auth.js sign-in sets __Host-authjs.session-token (Secure, HttpOnly, SameSite=Lax, Path=/, no Domain), which every surface accepts', async () => {
    process.env.AUTH_URL = HTTPS;
    const user = await createTestUser();
    const res = await authPost('/api/auth/callback/credentials', '', { email: user.email, password: TEST_PASSWORD });
    const line = res.setCookies.find((c) => c.startsWith(`${HOST_SESSION_COOKIE}=`));
    expect(line, res.setCookies.join('\n')).toBeTruthy();
    const attrs = line!.split(';').slice(1).map((a) => a.trim().toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(['path=/', 'secure', 'httponly', 'samesite=lax']));
    expect(attrs.some((a) => a.startsWith('domain'))).toBe(false);
    expect(res.setCookies.some((c) => /^(__Secure-)?authjs\.session-token=/.test(c))).toBe(false);

    const cookie = `${HOST_SESSION_COOKIE}=${res.sessionCookie}`;
    expect(await judge(middleware, cookie)).toEqual({ gate: 'pass', adminGate: 'unauthorized', api: 200, session: user.id });
    expect((await authGet('/api/auth/session', cookie)).sessionCookieName).toBe(HOST_SESSION_COOKIE);
  });

  it('a plain or an old __Secure- cookie is no session over https, even with a token minted for its name', async () => {
    process.env.AUTH_URL = HTTPS;
    const user = await createTestUser();
    for (const name of [SESSION_COOKIE, LEGACY_SECURE_SESSION_COOKIE]) {
      expect(await judge(middleware, await sessionCookie(user, {}, name))).toEqual(DENIED);
    }
  });

  it('signing in with the old __Secure- cookie still in the browser clears it, so the new cookie is the only one', async () => {
    process.env.AUTH_URL = HTTPS;
    const user = await createTestUser();
    const old = await sessionCookie(user, {}, LEGACY_SECURE_SESSION_COOKIE);
    const res = await authPost('/api/auth/callback/credentials', old, { email: user.email, password: TEST_PASSWORD });
    expect(res.sessionCookieName).toBe(HOST_SESSION_COOKIE);
    expect(res.cookiesWritten.get(LEGACY_SECURE_SESSION_COOKIE)).toBe('');
  });
});

describe('/session-ended clears only a cookie that is no session (finding 10)', () => {
  it('a valid session (a cross-site link) → /dashboard, cookie untouched, the sign-in still live', async () => {
    const user = await createTestUser();
    const cookie = await signInThroughAuthJs(user.email, TEST_PASSWORD);
    const res = await callRoute(sessionEnded, { path: '/session-ended', cookie: cookie!, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!).pathname).toBe('/dashboard');
    expect(res.cookiesWritten.size).toBe(0);
    expect(await endedAt(cookie!)).toBeNull();
    expect((await callRoute(getUser, { cookie: cookie! })).status).toBe(200);
  });

  it.each([
    ['garbage', async () => `${SESSION_COOKIE}=garbage`, [SESSION_COOKIE]],
    ['a signed-out token', async () => {
      const user = await createTestUser();
      const cookie = (await signInThroughAuthJs(user.email, TEST_PASSWORD))!;
      await authPost('/api/auth/signout', cookie);
      return cookie;
    }, [SESSION_COOKIE]],
    ['two session cookies', async () => (await victimAndTossed()).both, [SESSION_COOKIE]],
    ['an old __Secure- one beside a plain one', async () => {
      const user = await createTestUser();
      return `${LEGACY_SECURE_SESSION_COOKIE}=${await mintToken(user, {}, { salt: LEGACY_SECURE_SESSION_COOKIE })}; ${await sessionCookie(user)}`;
    }, [SESSION_COOKIE, LEGACY_SECURE_SESSION_COOKIE]],
  ])('%s → /login?ended=1 and cleared', async (_name, make, cleared) => {
    const res = await callRoute(sessionEnded, { path: '/session-ended', cookie: await make() });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('http://localhost:3000/login?ended=1');
    for (const name of cleared) expect(res.cookiesWritten.get(name)).toBe('');
  });
});
