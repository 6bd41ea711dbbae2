/**
 * The freshness budget, measured with the counters on real tokens, PGlite and the memory KV:
 * steady state 0 database queries / 1 KV read; one change costs a bounded number of reads.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { GET as getAdminUsers } from '@/app/api/admin/users/route';
import { POST as refreshSession } from '@/app/api/session/refresh/route';
import { GET as getUser } from '@/app/api/user/route';
import { getSession, requireAdmin, requireApiAdmin, requireAuth } from '@/lib/auth';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { verifyCredentials } from './credentials';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { setKvForTests, type Kv } from '@/lib/kv';
import { failingKv, useFreshBackends } from '@/tests/helpers/db';
import { counted, redirectTarget, writtenSessionCookie } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, mintToken, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';

let kv: Kv;
let boss: TokenSubject;

beforeAll(async () => {
  ({ kv } = await useFreshBackends());
  boss = await createTestUser({ role: 'admin', name: 'Boss Admin' });
});
beforeEach(() => setKvForTests(kv));

async function versionOf(id: string): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ v: users.authzVersion }).from(users).where(eq(users.id, id));
  return row!.v;
}

/** Warms the KV marker (the first look at a user fills it from the database). */
async function warm(cookie: string) {
  enterRequest({ cookie });
  await getSession();
}

describe('steady state', () => {
  it('getSession, requireAuth and requireAdmin cost 0 database queries and 1 KV read', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await sessionCookie(admin);
    enterRequest({ cookie });
    const first = await counted(getSession);
    expect(first.counts).toMatchObject({ dbQueries: 1, kvReads: 1 }); // marker missing → one read, marker filled

    for (const [surface, fn] of [['route', getSession], ['page', requireAuth], ['page', requireAdmin], ['action', requireAdmin]] as const) {
      enterRequest({ cookie, surface });
      const { result, counts } = await counted(fn);
      expect(result?.user).toMatchObject({ id: admin.id, role: 'admin' });
      expect(counts).toMatchObject({ dbQueries: 0, kvReads: 1, kvWrites: 0 });
    }
  });
});

describe('after a demotion', () => {
  it('the next page costs one database read and is denied; the refresh re-issues the cookie; then 0 again', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const oldCookie = await sessionCookie(admin);
    await warm(oldCookie);
    await changeUserAsAdmin(boss.id, admin.id, { kind: 'update', role: 'user' });

    // Page render: cannot set cookies, so the layout will ask the browser to refresh.
    enterRequest({ cookie: oldCookie, surface: 'page' });
    const page = await counted(() => redirectTarget(requireAdmin));
    expect(page.result).toBe('/unauthorized');
    expect(page.counts).toMatchObject({ dbQueries: 1, kvReads: 1 });
    enterRequest({ cookie: oldCookie, surface: 'page' });
    expect((await getSession())?.needsCookieRefresh).toBe(true);

    // The client refresher's POST: one more read, and a new cookie with the fresh role.
    const before = await counted(() => callRoute(refreshSession, { method: 'POST', path: '/api/session/refresh', cookie: oldCookie }));
    expect(before.result?.status).toBe(200);
    expect(before.result?.json).toMatchObject({ role: 'user', authzVersion: await versionOf(admin.id) });
    expect(before.counts.dbQueries).toBe(1);
    const reissued = before.result!.cookiesWritten.get(SESSION_COOKIE);
    expect(reissued).toBeTruthy();

    // With the re-issued cookie: back to 0 database reads, and still not an admin.
    const newCookie = `${SESSION_COOKIE}=${reissued}`;
    enterRequest({ cookie: newCookie, surface: 'page' });
    const after = await counted(() => redirectTarget(requireAdmin));
    expect(after.result).toBe('/unauthorized');
    expect(after.counts).toMatchObject({ dbQueries: 0, kvReads: 1 });
    enterRequest({ cookie: newCookie, surface: 'page' });
    expect((await getSession())?.needsCookieRefresh).toBe(false);
  });

  it('an API call with the old cookie answers 403 after one read and re-issues the cookie itself', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const oldCookie = await sessionCookie(admin);
    await warm(oldCookie);
    await changeUserAsAdmin(boss.id, admin.id, { kind: 'update', role: 'user' });

    const res = await counted(() => callRoute(getAdminUsers, { path: '/api/admin/users', cookie: oldCookie }));
    expect(res.result?.status).toBe(403);
    expect(res.result?.json).toEqual({ error: 'Forbidden' });
    expect(res.counts.dbQueries).toBe(1);
    const reissued = res.result!.cookiesWritten.get(SESSION_COOKIE);
    expect(reissued).toBeTruthy();

    enterRequest({ cookie: `${SESSION_COOKIE}=${reissued}` });
    const next = await counted(getSession);
    expect(next.result?.user.role).toBe('user');
    expect(next.counts).toMatchObject({ dbQueries: 0, kvReads: 1 });
  });

  it('a server action with the old cookie is denied (redirect to /unauthorized) and re-issues the cookie', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const oldCookie = await sessionCookie(admin);
    await changeUserAsAdmin(boss.id, admin.id, { kind: 'update', role: 'user' });
    enterRequest({ cookie: oldCookie, surface: 'action' });
    expect(await redirectTarget(requireAdmin)).toBe('/unauthorized');
    expect(writtenSessionCookie()).toBeTruthy();
  });

  it('a sign-in that read the role just before the demotion committed is denied once it commits', async () => {
    const admin = await createTestUser({ role: 'admin', password: 'racing-password-1' });
    const signIn = await verifyCredentials({ email: admin.email, password: 'racing-password-1' }, '127.0.0.1');
    if (!signIn.ok) throw new Error('sign-in failed');
    await changeUserAsAdmin(boss.id, admin.id, { kind: 'update', role: 'user' });
    // The token is minted after the commit but carries what the sign-in read before it.
    const token = await mintToken({ ...signIn.user });
    expect(signIn.user.role).toBe('admin');
    const res = await callRoute(getAdminUsers, { cookie: `${SESSION_COOKIE}=${token}` });
    expect(res.status).toBe(403);
    enterRequest({ cookie: `${SESSION_COOKIE}=${token}`, surface: 'page' });
    expect(await redirectTarget(requireAdmin)).toBe('/unauthorized');
  });
});

describe('ban, deletion and revocation sign the user out', () => {
  for (const [label, change] of [
    ['ban', { kind: 'update', banned: true }],
    ['delete', { kind: 'delete' }],
    ['revoke sessions', { kind: 'revoke_sessions' }],
  ] as const) {
    it(`${label}: API 401 with the cookie cleared, page → /session-ended, action → /login`, async () => {
      const user = await createTestUser();
      const cookie = await sessionCookie(user);
      await warm(cookie);
      await changeUserAsAdmin(boss.id, user.id, change);

      const res = await counted(() => callRoute(getUser, { path: '/api/user', cookie }));
      expect(res.result?.status).toBe(401);
      expect(res.result?.cookiesWritten.get(SESSION_COOKIE)).toBe('');
      // The read that decides, and the route's own read started beside it, discarded (withSession).
      expect(res.counts.dbQueries).toBe(2);
      enterRequest({ cookie, surface: 'page' });
      expect(await redirectTarget(requireAuth)).toBe('/session-ended');
      // A server action can clear the cookie itself, so it goes straight to the sign-in page.
      enterRequest({ cookie, surface: 'action' });
      expect(await redirectTarget(requireAuth)).toBe('/login?ended=1');
      expect(writtenSessionCookie()).toBe('');
    });
  }

  it('unbanning does not bring a pre-ban cookie back, but a new sign-in works', async () => {
    const user = await createTestUser({ password: 'unban-password-1' });
    const cookie = await sessionCookie(user);
    await changeUserAsAdmin(boss.id, user.id, { kind: 'update', banned: true });
    expect((await verifyCredentials({ email: user.email, password: 'unban-password-1' }, '127.0.0.1')).ok).toBe(false);
    await changeUserAsAdmin(boss.id, user.id, { kind: 'update', banned: false });
    enterRequest({ cookie });
    expect(await getSession()).toBeNull();
    expect((await verifyCredentials({ email: user.email, password: 'unban-password-1' }, '127.0.0.1')).ok).toBe(true);
  });
});

describe('KV unreachable', () => {
  it('decisions come from the database: a valid token passes, a demoted or banned one does not', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const demoted = await createTestUser({ role: 'admin' });
    const banned = await createTestUser();
    const cookies = { admin: await sessionCookie(admin), demoted: await sessionCookie(demoted), banned: await sessionCookie(banned) };
    await changeUserAsAdmin(boss.id, demoted.id, { kind: 'update', role: 'user' });
    await changeUserAsAdmin(boss.id, banned.id, { kind: 'update', banned: true });

    setKvForTests(failingKv());
    enterRequest({ cookie: cookies.admin });
    const ok = await counted(requireApiAdmin);
    expect(ok.result?.user.id).toBe(admin.id);
    expect(ok.counts.dbQueries).toBe(1);
    expect((await callRoute(getAdminUsers, { cookie: cookies.demoted })).status).toBe(403);
    expect((await callRoute(getUser, { cookie: cookies.banned })).status).toBe(401);
  });

  it('an admin change is refused with 503 and changes nothing when KV cannot take the new marker', async () => {
    const user = await createTestUser();
    const before = await versionOf(user.id);
    setKvForTests(failingKv());
    await expect(changeUserAsAdmin(boss.id, user.id, { kind: 'update', role: 'admin' })).rejects.toMatchObject({ status: 503 });
    setKvForTests(kv);
    const db = await getDb();
    const [row] = await db.select({ role: users.role, v: users.authzVersion }).from(users).where(eq(users.id, user.id));
    expect(row).toEqual({ role: 'user', v: before });
  });
});

describe('concurrent changes publish in commit order', () => {
  it('after parallel changes of one user the KV marker equals the database version', async () => {
    const user = await createTestUser();
    await Promise.all([
      changeUserAsAdmin(boss.id, user.id, { kind: 'update', role: 'admin' }),
      changeUserAsAdmin(boss.id, user.id, { kind: 'revoke_sessions' }),
      changeUserAsAdmin(boss.id, user.id, { kind: 'update', banned: true }),
    ]);
    expect(await kv.get(`authz:${user.id}`)).toBe(String(await versionOf(user.id)));
  });
});
