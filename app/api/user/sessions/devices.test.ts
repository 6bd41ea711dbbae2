/**
 * The device list over the API (issue 16): live sign-ins with a readable device, ending one by id
 * (effective on that device's next request, also after KV loses its data), "all other devices"
 * (this one continues with a re-issued cookie), and "last active" moving only when a cookie slides.
 */
import { describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { userSessions } from '@/db/schema';
import { GET as getMe } from '@/app/api/user/route';
import { getSession } from '@/lib/auth';
import { decodeSessionToken, SESSION_UPDATE_AGE_SECONDS } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv } from '@/lib/core/env';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { signInThroughAuthJs } from '@/tests/helpers/authjs';
import { failingKv } from '@/tests/helpers/db';
import { counted } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { mintToken, sidOfCookie } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { expectDbUnchanged } from '@/tests/security/support';
import { DELETE as deleteOne } from './[id]/route';
import { DELETE as deleteMany, GET as list } from './route';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

const MAC_CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1';

setUpFreshBackendsAndKvPerTest();

async function twoDevices() {
  const user = await createTestUser();
  const laptop = (await signInThroughAuthJs(user.email, TEST_PASSWORD, { 'user-agent': MAC_CHROME }))!;
  const phone = (await signInThroughAuthJs(user.email, TEST_PASSWORD, { 'user-agent': IPHONE }))!;
  return { user, laptop, phone, laptopSid: await sidOfCookie(laptop), phoneSid: await sidOfCookie(phone) };
}

type Items = { items: { id: string; device: string; createdAt: string; lastSeenAt: string; current: boolean }[] };

describe('GET /api/user/sessions', () => {
  it('lists live sign-ins with a readable device and marks this one; ended and expired ones drop out', async () => {
    const { user, laptop, laptopSid, phoneSid } = await twoDevices();
    const third = (await signInThroughAuthJs(user.email, TEST_PASSWORD))!;
    const expired = (await signInThroughAuthJs(user.email, TEST_PASSWORD))!;
    const db = await getDb();
    await db.update(userSessions).set({ endedAt: sql`now()` }).where(eq(userSessions.id, await sidOfCookie(third)));
    await db.update(userSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userSessions.id, await sidOfCookie(expired)));

    const res = await callRoute(list, { cookie: laptop });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { items } = res.json as Items;
    expect(items.map((i) => i.id).sort()).toEqual([laptopSid, phoneSid].sort());
    expect(items.find((i) => i.id === laptopSid)).toMatchObject({ device: 'Chrome on macOS', current: true });
    expect(items.find((i) => i.id === phoneSid)).toMatchObject({ device: 'Safari on iOS', current: false });
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['createdAt', 'current', 'device', 'id', 'lastSeenAt']);
      expect(Number.isNaN(Date.parse(item.createdAt))).toBe(false);
    }
  });

  it('401 without a session', async () => {
    expect((await callRoute(list)).status).toBe(401);
  });
});

describe('DELETE /api/user/sessions/:id', () => {
  it('signs that device out on its next request, also after KV lost every key; this one continues', async () => {
    const { laptop, phone, phoneSid } = await twoDevices();
    const res = await callRoute(deleteOne, { method: 'DELETE', cookie: laptop, params: { id: phoneSid } });
    expect(res.status).toBe(204);
    expect(res.cookiesWritten.get(SESSION_COOKIE)).toBeUndefined();
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(401);
    setKvForTests(instrument(createMemoryKv())); // a flush: PostgreSQL still says no
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(401);
    expect((await callRoute(getMe, { cookie: laptop })).status).toBe(200);
    expect(((await callRoute(list, { cookie: laptop })).json as Items).items).toHaveLength(1);
  });

  it('the current id signs this browser out and clears its cookie', async () => {
    const { laptop, phone, laptopSid } = await twoDevices();
    const res = await callRoute(deleteOne, { method: 'DELETE', cookie: laptop, params: { id: laptopSid } });
    expect(res.status).toBe(204);
    expect(res.cookiesWritten.get(SESSION_COOKIE)).toBe('');
    expect((await callRoute(getMe, { cookie: laptop })).status).toBe(401);
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(200);
  });

  it('an unknown, ended or malformed id is a 404 and nothing changes', async () => {
    const { laptop, phone, phoneSid } = await twoDevices();
    await expectDbUnchanged(async () => {
      for (const id of [crypto.randomUUID(), 'not-a-uuid']) {
        const res = await callRoute(deleteOne, { method: 'DELETE', cookie: laptop, params: { id } });
        expect(res.status).toBe(404);
        expect(res.json).toEqual({ error: 'Session not found' });
      }
    });
    expect((await callRoute(deleteOne, { method: 'DELETE', cookie: laptop, params: { id: phoneSid } })).status).toBe(204);
    expect((await callRoute(deleteOne, { method: 'DELETE', cookie: laptop, params: { id: phoneSid } })).status).toBe(404);
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(401);
  });

  it('KV down → 503, nothing changed, both devices still signed in', async () => {
    const { laptop, phone, phoneSid } = await twoDevices();
    await callRoute(getMe, { cookie: laptop }); // fills the marker (the steady state)
    setKvForTests(failingKv());
    await expectDbUnchanged(async () => {
      const res = await callRoute(deleteOne, { method: 'DELETE', cookie: laptop, params: { id: phoneSid } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
    });
    setKvForTests(instrument(createMemoryKv()));
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(200);
  });
});

describe('DELETE /api/user/sessions?scope=others', () => {
  it('every other device is signed out; this one continues with a re-issued cookie', async () => {
    const { user, laptop, phone, laptopSid } = await twoDevices();
    const res = await callRoute(deleteMany, { method: 'DELETE', path: '/api/user/sessions?scope=others', cookie: laptop });
    expect(res.status).toBe(204);
    const reissued = res.cookiesWritten.get(SESSION_COOKIE);
    expect(reissued).toBeTruthy();
    expect(await sidOfCookie(`${SESSION_COOKIE}=${reissued}`)).toBe(laptopSid);
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(401);
    // The laptop's cookie from before (another tab's request in flight) is stale, not revoked.
    const otherTab = await callRoute(getMe, { cookie: laptop });
    expect(otherTab.status).toBe(200);
    expect(otherTab.cookiesWritten.get(SESSION_COOKIE)).toBeTruthy();
    const me = await callRoute(getMe, { cookie: `${SESSION_COOKIE}=${reissued}` });
    expect(me.status).toBe(200);
    expect((me.json as { id: string }).id).toBe(user.id);
    const { items } = (await callRoute(list, { cookie: `${SESSION_COOKIE}=${reissued}` })).json as Items;
    expect(items.map((i) => i.id)).toEqual([laptopSid]);
  });

  it('an unknown scope is a 422 and nothing changes', async () => {
    const { laptop, phone } = await twoDevices();
    await expectDbUnchanged(async () => {
      const res = await callRoute(deleteMany, { method: 'DELETE', path: '/api/user/sessions?scope=everyone', cookie: laptop });
      expect(res.status).toBe(422);
    });
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(200);
  });
});

describe('last activity', () => {
  it('moves when the cookie slides, and the steady path neither reads nor writes the database', async () => {
    const user = await createTestUser();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - (SESSION_UPDATE_AGE_SECONDS + 60) * 1000);
    const old = await mintToken(user);
    vi.useRealTimers();
    const sid = (await decodeSessionToken(old, getEnv().authSecrets, SESSION_COOKIE))!.sid as string;
    const db = await getDb();
    await db.update(userSessions).set({ lastSeenAt: sql`now() - interval '2 days'` }).where(eq(userSessions.id, sid));
    const seen = async () => (await db.select({ at: userSessions.lastSeenAt }).from(userSessions).where(eq(userSessions.id, sid)))[0]!.at;
    const before = await seen();

    enterRequest({ cookie: `${SESSION_COOKIE}=${old}`, surface: 'route' });
    expect((await getSession())?.user.id).toBe(user.id);
    const slid = currentRequest().written.get(SESSION_COOKIE)!;
    expect(slid).toBeTruthy();
    const after = await seen();
    expect(after.getTime()).toBeGreaterThan(before.getTime() + 24 * 3600 * 1000);

    enterRequest({ cookie: `${SESSION_COOKIE}=${slid}`, surface: 'route' });
    await getSession();
    enterRequest({ cookie: `${SESSION_COOKIE}=${slid}`, surface: 'route' });
    const steady = await counted(() => getSession());
    expect(steady.result?.user.id).toBe(user.id);
    expect(steady.counts.dbQueries).toBe(0);
    expect(steady.counts.kvReads).toBe(1);
    expect((await seen()).getTime()).toBe(after.getTime());
  });
});
