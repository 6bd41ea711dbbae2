/**
 * A sign-out ends the sign-in, not one token: every re-issue path keeps the sign-in id (`sid`),
 * so a cookie re-issued by any of them before the sign-out is refused after it. And KV is only a
 * copy (cases 56–57): emptied after a sign-out, ban or demotion, it costs one database read and
 * never makes a refused token valid again.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as getAdminUsers } from '@/app/api/admin/users/route';
import { POST as refreshSession } from '@/app/api/session/refresh/route';
import { GET as getUser, PATCH as patchUser } from '@/app/api/user/route';
import { getSession } from '@/lib/auth';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { changeOwnPassword } from '@/lib/auth';
import { SESSION_UPDATE_AGE_SECONDS } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { authGet, authPost } from '@/tests/helpers/authjs';
import { counted } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { mintToken, sessionCookie, type TokenSubject, sidOfCookie } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

let boss: TokenSubject;

setUpFreshBackendsAndKvPerTest();
beforeAll(async () => {
  boss = await createTestUser({ role: 'admin' });
});
afterEach(() => vi.useRealTimers());

const asCookie = (value: string | undefined) => {
  if (!value) throw new Error('no cookie was re-issued');
  return `${SESSION_COOKIE}=${value}`;
};
/** KV loses every key (FLUSHALL, a restart without persistence, a new database). */
const flushKv = () => setKvForTests(instrument(createMemoryKv()));

/** A cookie of a sign-in made a day and a minute ago: old enough to slide. */
async function dayOldCookie(user: TokenSubject): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() - (SESSION_UPDATE_AGE_SECONDS + 60) * 1000);
  const cookie = `${SESSION_COOKIE}=${await mintToken(user)}`;
  vi.useRealTimers();
  return cookie;
}

/** Each way a cookie gets re-issued; returns the new cookie (same sign-in). */
const reissuePaths: [string, (user: TokenSubject, cookie: string) => Promise<string>][] = [
  ['sliding expiry (route handler)', async (_user, cookie) => {
    enterRequest({ cookie });
    await getSession();
    return asCookie(currentRequest().written.get(SESSION_COOKIE));
  }],
  ['stale-claims refresh (POST /api/session/refresh)', async (user, cookie) => {
    await changeUserAsAdmin(boss.id, user.id, { kind: 'update', role: 'admin' });
    const res = await callRoute(refreshSession, { method: 'POST', cookie });
    return asCookie(res.cookiesWritten.get(SESSION_COOKIE));
  }],
  ['profile change (PATCH /api/user)', async (_user, cookie) => {
    const res = await callRoute(patchUser, { method: 'PATCH', cookie, body: { name: 'Renamed Person' } });
    return asCookie(res.cookiesWritten.get(SESSION_COOKIE));
  }],
  ["Auth.js's own GET /api/auth/session", async (_user, cookie) => asCookie((await authGet('/api/auth/session', cookie)).sessionCookie)],
  ['password change (this device continues)', async (user, cookie) => {
    enterRequest({ cookie, surface: 'action' });
    const session = await getSession();
    await changeOwnPassword(user.id, session!.sid, TEST_PASSWORD, 'a-new-password-123');
    return asCookie(currentRequest().written.get(SESSION_COOKIE));
  }],
];

describe('stable sign-in id: a cookie re-issued before the sign-out is refused after it', () => {
  for (const [label, reissue] of reissuePaths) {
    it(label, async () => {
      const user = await createTestUser({ password: TEST_PASSWORD });
      const original = label.startsWith('sliding') ? await dayOldCookie(user) : await sessionCookie(user);
      const reissued = await reissue(user, original);
      expect(reissued).not.toBe(original);
      expect(await sidOfCookie(reissued)).toBe(await sidOfCookie(original));
      expect((await callRoute(getUser, { cookie: reissued })).status).toBe(200);

      expect((await authPost('/api/auth/signout', reissued)).status).toBe(302);
      for (const cookie of [reissued, original]) {
        expect((await callRoute(getUser, { cookie })).status).toBe(401);
        const revived = await authGet('/api/auth/session', cookie);
        expect(revived.json).toBeNull();
        expect(revived.sessionCookie ?? '').toBe('');
      }
    });
  }
});

describe("Auth.js's /api/auth/session applies the freshness rules of getSession()", () => {
  it('a demoted admin gets the database role in the session and the re-issued cookie', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await sessionCookie(admin);
    await changeUserAsAdmin(boss.id, admin.id, { kind: 'update', role: 'user' });
    const res = await authGet('/api/auth/session', cookie);
    expect(res.json).toMatchObject({ user: { id: admin.id, role: 'user' } });
    expect((await callRoute(getAdminUsers, { cookie: asCookie(res.sessionCookie) })).status).toBe(403);
  });

  for (const [label, change] of [['ban', { kind: 'update', banned: true }], ['revoked sessions', { kind: 'revoke_sessions' }], ['deletion', { kind: 'delete' }]] as const) {
    it(`after a ${label}: null session and the cookie cleared, never a fresh one`, async () => {
      const user = await createTestUser();
      const cookie = await sessionCookie(user);
      await changeUserAsAdmin(boss.id, user.id, change);
      const res = await authGet('/api/auth/session', cookie);
      expect(res.json).toBeNull();
      expect(res.sessionCookie).toBe('');
    });
  }
});

describe('KV emptied after a change never brings a refused token back', () => {
  it('signed out, banned, demoted: still refused after KV loses every key; a live token costs one read, then 0', async () => {
    const [signedOut, banned, demoted, live] = await Promise.all([createTestUser(), createTestUser(), createTestUser({ role: 'admin' }), createTestUser()]);
    const cookies = { signedOut: await sessionCookie(signedOut), banned: await sessionCookie(banned), demoted: await sessionCookie(demoted), live: await sessionCookie(live) };
    await authPost('/api/auth/signout', cookies.signedOut);
    await changeUserAsAdmin(boss.id, banned.id, { kind: 'update', banned: true });
    await changeUserAsAdmin(boss.id, demoted.id, { kind: 'update', role: 'user' });
    flushKv();

    for (const cookie of [cookies.signedOut, cookies.banned]) {
      expect((await callRoute(getUser, { cookie })).status).toBe(401);
      expect((await authGet('/api/auth/session', cookie)).json).toBeNull();
    }
    expect((await callRoute(getAdminUsers, { cookie: cookies.demoted })).status).toBe(403);
    flushKv();
    const first = await counted(() => callRoute(getUser, { cookie: cookies.live }));
    expect(first.result?.status).toBe(200);
    expect(first.counts).toMatchObject({ dbQueries: 2, kvReads: 1 }); // the freshness read + the handler's own user read
    const next = await counted(() => callRoute(getUser, { cookie: cookies.live }));
    expect(next.counts).toMatchObject({ dbQueries: 1, kvReads: 1 }); // marker refilled: only the handler's read
  });
});
