/**
 * Security cases 45 and 58 on every sign-out surface, with Auth.js's own route handlers: a
 * sign-out ends the sign-in in PostgreSQL (no endpoint revives the cookie afterwards), and a
 * sign-out that cannot be recorded (KV or database down) answers 503 and keeps the cookie, with
 * nothing changed: never a success answer for a token that keeps working.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb, openDatabase, setDatabaseForTests } from '@/db/client';
import { userSessions } from '@/db/schema';
import { GET as getUser } from '@/app/api/user/route';
import { DELETE as deleteSessions } from '@/app/api/user/sessions/route';
import { signOutAction } from '@/app/(auth)/sign-out';
import { decodeSessionToken } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv } from '@/lib/core/env';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { authGet, authPost, signInThroughAuthJs } from '@/tests/helpers/authjs';
import { failingKv, useFreshBackends } from '@/tests/helpers/db';
import { redirectTarget } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { expectDbUnchanged, expectNoSecrets } from './support';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

setUpFreshBackendsAndKvPerTest();

async function signedIn() {
  const user = await createTestUser();
  const cookie = await signInThroughAuthJs(user.email, TEST_PASSWORD);
  if (!cookie) throw new Error('sign-in failed');
  return { user, cookie };
}

async function signInRow(cookie: string) {
  const payload = await decodeSessionToken(cookie.slice(SESSION_COOKIE.length + 1), getEnv().authSecrets, SESSION_COOKIE);
  const [row] = await (await getDb()).select().from(userSessions).where(eq(userSessions.id, payload!.sid as string));
  return row!;
}

describe('a signed-out cookie is refused everywhere and cannot be revived', () => {
  it('POST /api/auth/signout ends the sign-in; the old cookie gets a null session from GET /api/auth/session, no new cookie, then 401', async () => {
    const { cookie } = await signedIn();
    const out = await authPost('/api/auth/signout', cookie);
    expect(out.status).toBe(302);
    expect(out.sessionCookie).toBe('');
    expect((await signInRow(cookie)).endedAt).toBeInstanceOf(Date);

    const revived = await authGet('/api/auth/session', cookie);
    expect(revived.status).toBe(200);
    expect(revived.json).toBeNull();
    expect(revived.sessionCookie ?? '').toBe('');
    expect((await callRoute(getUser, { cookie })).status).toBe(401);
  });

  it('the other devices of the user stay signed in (one database read, then their cookie is re-issued)', async () => {
    const { user, cookie } = await signedIn();
    const other = await signInThroughAuthJs(user.email, TEST_PASSWORD);
    await authPost('/api/auth/signout', cookie);
    const res = await callRoute(getUser, { cookie: other! });
    expect(res.status).toBe(200);
    expect(res.cookiesWritten.get(SESSION_COOKIE)).toBeTruthy();
  });

  it('the sign-out action ends the sign-in before Auth.js clears the cookie and redirects', async () => {
    const { cookie } = await signedIn();
    // The headers Next.js gives an action on http://localhost:3000 (Auth.js picks cookie names from the protocol).
    enterRequest({ cookie, surface: 'action', headers: { host: 'localhost:3000', 'x-forwarded-proto': 'http' } });
    expect(await redirectTarget(() => signOutAction())).toMatch(/\/login\?signedOut=this-device$/);
    expect(currentRequest().written.get(SESSION_COOKIE)).toBe('');
    expect((await signInRow(cookie)).endedAt).toBeInstanceOf(Date);
    expect((await callRoute(getUser, { cookie })).status).toBe(401);
  });

  it('a cross-site POST /api/auth/signout carrying the cookie is refused (403) and ends nothing', async () => {
    const { cookie } = await signedIn();
    const res = await authPost('/api/auth/signout', cookie, {}, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
    expect(res.sessionCookie).toBeUndefined();
    expect((await signInRow(cookie)).endedAt).toBeNull();
  });
});

describe('a sign-out that cannot be recorded is refused, the cookie kept, nothing changed', () => {
  it('KV down: POST /api/auth/signout → 503 { error } with Retry-After and no Set-Cookie; the cookie still works', async () => {
    const { cookie } = await signedIn();
    setKvForTests(failingKv());
    const res = await expectDbUnchanged(() => authPost('/api/auth/signout', cookie));
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: expect.stringMatching(/unavailable/) });
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(res.setCookies.filter((c) => c.startsWith(SESSION_COOKIE))).toEqual([]);
    expectNoSecrets(res.body);
    setKvForTests(instrument(createMemoryKv()));
    expect((await callRoute(getUser, { cookie })).status).toBe(200);
  });

  it('KV down: the sign-out action throws the 503 outage (the /outage page), clears nothing, never lands on /login', async () => {
    const { cookie } = await signedIn();
    setKvForTests(failingKv());
    enterRequest({ cookie, surface: 'action' });
    await expectDbUnchanged(async () => {
      await expect(signOutAction()).rejects.toMatchObject({ status: 503, digest: expect.stringContaining(';/outage;') });
    });
    expect(currentRequest().written.size).toBe(0);
  });

  it('KV down: DELETE /api/user/sessions → 503, nothing changed, the cookie is not cleared', async () => {
    const { cookie } = await signedIn();
    setKvForTests(failingKv());
    const res = await expectDbUnchanged(() => callRoute(deleteSessions, { method: 'DELETE', cookie }));
    expect(res.status).toBe(503);
    expect(res.cookiesWritten.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('database down: POST /api/auth/signout → 503 and the cookie is kept', async () => {
    const { cookie } = await signedIn();
    const live = await useFreshBackends();
    await live.database.close();
    const res = await authPost('/api/auth/signout', cookie, {}, { csrf: false });
    expect(res.status).toBe(503);
    expect(res.setCookies.filter((c) => c.startsWith(SESSION_COOKIE))).toEqual([]);
    setDatabaseForTests(await openDatabase({ pgliteDataDir: 'memory://' }));
  });
});
