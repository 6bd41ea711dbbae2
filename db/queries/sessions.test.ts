/**
 * The sign-in registry is always true: a row per sign-in (credentials through Auth.js's own
 * route), ended by every change that ends sessions and by nothing else, and the freshness
 * check's database path reads the user and the sign-in in one query.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { createSignIn, USER_AGENT_MAX } from '@/db/queries/sessions';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { getSession } from '@/lib/auth';
import { endSignInOf, signOutEverywhere } from '@/lib/auth';
import { decodeSessionToken, SESSION_ABSOLUTE_MAX_AGE_SECONDS } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv } from '@/lib/core/env';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { authGet, signInThroughAuthJs } from '@/tests/helpers/authjs';
import { useFreshBackends } from '@/tests/helpers/db';
import { counted } from '@/tests/helpers/freshness';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

let boss: TokenSubject;

setUpFreshBackendsAndKvPerTest();
beforeAll(async () => {
  boss = await createTestUser({ role: 'admin' });
});

async function rowsOf(userId: string) {
  const db = await getDb();
  return db.select().from(userSessions).where(eq(userSessions.userId, userId)).orderBy(userSessions.createdAt);
}
const live = async (userId: string) => (await rowsOf(userId)).filter((r) => r.endedAt === null).length;

describe('sign-in', () => {
  it('each sign-in through Auth.js records a row whose id is the token sid, with the (truncated) User-Agent and the absolute expiry', async () => {
    const user = await createTestUser();
    const agent = `Mozilla/5.0 ${'x'.repeat(900)}`;
    const first = await signInThroughAuthJs(user.email, TEST_PASSWORD, { 'user-agent': agent });
    const second = await signInThroughAuthJs(user.email, TEST_PASSWORD);
    const [a, b] = await rowsOf(user.id);
    const tokenOf = async (c: string | null) => decodeSessionToken(c!.slice(SESSION_COOKIE.length + 1), getEnv().authSecrets, SESSION_COOKIE);
    const token = await tokenOf(first);
    expect(token?.sid).toBe(a!.id);
    expect((await tokenOf(second))?.sid).toBe(b!.id);
    expect(a!.userAgent).toBe(agent.slice(0, USER_AGENT_MAX));
    expect(a!.expiresAt.getTime()).toBe(((token!.authTime as number) + SESSION_ABSOLUTE_MAX_AGE_SECONDS) * 1000);
    expect(a!.endedAt).toBeNull();
  });

  it('no row for a user who cannot sign in at that instant: banned, deleted, or a version below the floor', async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const banned = await createTestUser();
    await changeUserAsAdmin(boss.id, banned.id, { kind: 'update', banned: true });
    expect(await createSignIn({ userId: banned.id, authzVersion: 99, expiresAt, userAgent: null })).toBeNull();
    const revoked = await createTestUser();
    await signOutEverywhere(revoked.id); // floor = the new version
    expect(await createSignIn({ userId: revoked.id, authzVersion: revoked.authzVersion, expiresAt, userAgent: null })).toBeNull();
    expect(await createSignIn({ userId: crypto.randomUUID(), authzVersion: 1, expiresAt, userAgent: null })).toBeNull();
    expect(await createSignIn({ userId: revoked.id, authzVersion: revoked.authzVersion + 1, expiresAt, userAgent: null })).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('changes that end sessions end the registry rows, in the same transaction', () => {
  for (const [label, change] of [['ban', { kind: 'update', banned: true }], ['admin revocation', { kind: 'revoke_sessions' }]] as const) {
    it(`${label}: every live sign-in ends`, async () => {
      const user = await createTestUser();
      await sessionCookie(user);
      await sessionCookie(user);
      await changeUserAsAdmin(boss.id, user.id, change);
      expect(await live(user.id)).toBe(0);
    });
  }

  it('"sign out everywhere" ends all; a role change ends none; a deletion removes the rows', async () => {
    const user = await createTestUser();
    await sessionCookie(user);
    await changeUserAsAdmin(boss.id, user.id, { kind: 'update', role: 'admin' });
    expect(await live(user.id)).toBe(1);
    await signOutEverywhere(user.id);
    expect(await live(user.id)).toBe(0);
    await sessionCookie(user);
    await changeUserAsAdmin(boss.id, user.id, { kind: 'delete' });
    expect(await rowsOf(user.id)).toEqual([]);
  });

  it("ending one sign-in: only that row, only for its own user, once; the version is bumped only when something ended", async () => {
    const [user, other] = await Promise.all([createTestUser(), createTestUser()]);
    await sessionCookie(user);
    await sessionCookie(user);
    const [target] = await rowsOf(user.id);
    const version = async () => (await (await getDb()).select({ v: users.authzVersion }).from(users).where(eq(users.id, user.id)))[0]!.v;
    const before = await version();
    expect(await endSignInOf(other.id, target!.id)).toBe(false);
    expect(await endSignInOf(user.id, target!.id)).toBe(true);
    expect(await version()).toBe(before + 1);
    expect(await endSignInOf(user.id, target!.id)).toBe(false);
    expect(await version()).toBe(before + 1);
    expect(await live(user.id)).toBe(1);
  });
});

describe('the freshness check reads the sign-in with the user', () => {
  it('one database query decides a stale token, including its sign-in; an expired sign-in is refused', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user, { authzVersion: user.authzVersion - 1 });
    enterRequest({ cookie });
    const stale = await counted(getSession);
    expect(stale.result?.user.id).toBe(user.id);
    expect(stale.counts.dbQueries).toBe(1);

    const expired = await sessionCookie(user);
    await (await getDb()).update(userSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(userSessions.userId, user.id));
    setKvForTests(instrument(createMemoryKv()));
    enterRequest({ cookie: expired });
    expect(await getSession()).toBeNull();
  });

  it('database down: GET /api/auth/session answers 503 without touching the cookie (never a sign-out, never a fresh cookie)', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const backends = await useFreshBackends();
    await backends.database.close();
    const res = await authGet('/api/auth/session', cookie);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(res.setCookies.filter((c) => c.startsWith(SESSION_COOKIE))).toEqual([]);
  });
});
