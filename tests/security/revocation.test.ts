/**
 * Security cases 40–49 (revocation and staleness) against what `main` has: the freshness check
 * behind `getSession`, sign-out (`endSignInOf`), "sign out everywhere" (`signOutEverywhere`).
 * Changes are made through the one path every writer takes (`changeAuthorization`: marker removed,
 * transaction that bumps `authz_version`, raise-only publish); the request under test must then
 * change nothing.
 */
import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { openDatabase, setDatabaseForTests } from '@/db/client';
import { GET as getUser } from '@/app/api/user/route';
import { POST as register } from '@/app/api/register/route';
import { middleware } from '@/middleware';
import { getSession, requireAdmin, requireApiAdmin, verifyCredentials, changeAuthorization, endSignInOf, type AuthzChange, signOutEverywhere } from '@/lib/auth';
import { decodeSessionToken } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv } from '@/lib/core/env';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { failingKv, useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { mintToken, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

setUpFreshBackendsAndKvPerTest();

async function change(userId: string, authz: AuthzChange) {
  expect((await changeAuthorization(userId, authz)).status).toBe('changed');
}

async function redirectOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'no redirect';
  } catch (err) {
    const digest = String((err as { digest?: string }).digest ?? err);
    return digest.split(';').find((p) => p.startsWith('/')) ?? digest;
  }
}

const cookieFor = async (u: TokenSubject, overrides: Record<string, unknown> = {}) => `${SESSION_COOKIE}=${await mintToken(u, overrides)}`;

describe('revocation', () => {
  it('a demoted admin\'s old token is refused by the admin API, pages and actions (403 / /unauthorized)', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await cookieFor(admin);
    enterRequest({ cookie });
    await expect(requireApiAdmin()).resolves.toMatchObject({ user: { id: admin.id } });
    await change(admin.id, { role: 'user' });
    await expectDbUnchanged(async () => {
      enterRequest({ cookie });
      await expect(requireApiAdmin()).rejects.toMatchObject({ status: 403 });
      enterRequest({ cookie, surface: 'page' });
      expect(await redirectOf(() => requireAdmin())).toBe('/unauthorized');
      enterRequest({ cookie, surface: 'action' });
      expect(await redirectOf(() => requireAdmin())).toBe('/unauthorized');
    });
  });

  it('a sign-in that read the role before a demotion committed carries a stale version and is refused', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const signIn = await verifyCredentials({ email: admin.email, password: TEST_PASSWORD }, 'shared');
    expect(signIn).toMatchObject({ ok: true, user: { role: 'admin' } });
    await change(admin.id, { role: 'user' }); // commits after the sign-in's row read
    const token = signIn.ok ? signIn.user : admin;
    const cookie = await cookieFor({ ...token, role: 'admin' });
    enterRequest({ cookie });
    await expect(requireApiAdmin()).rejects.toMatchObject({ status: 403 });
    enterRequest({ cookie });
    expect((await getSession())?.user.role).toBe('user');
  });

  it('a deleted user\'s live token is no session anywhere, without a 500', async () => {
    const user = await createTestUser();
    const cookie = await cookieFor(user);
    await change(user.id, { deleteUser: true });
    await expectDbUnchanged(async () => {
      expect((await callRoute(getUser, { cookie })).status).toBe(401);
      enterRequest({ cookie, surface: 'page' });
      expect(await getSession()).toBeNull();
      enterRequest({ cookie, surface: 'page' });
      expect(await redirectOf(() => requireAdmin())).toBe('/session-ended');
    });
  });

  it('banned → denied everywhere and cannot sign in; unbanned → signs in again', async () => {
    const user = await createTestUser();
    const cookie = await cookieFor(user);
    await change(user.id, { banned: true });
    await expectDbUnchanged(async () => {
      expect((await callRoute(getUser, { cookie })).status).toBe(401);
      expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, 'ban-test')).toEqual({ ok: false, code: 'invalid' });
    });
    await change(user.id, { banned: false });
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, 'ban-test')).toMatchObject({ ok: true });
  });

  it('"sign out everywhere" on one device → the other device\'s token is denied on its next request', async () => {
    const user = await createTestUser();
    const phone = await cookieFor(user);
    const laptop = await cookieFor(user);
    expect((await callRoute(getUser, { cookie: laptop })).status).toBe(200);
    await signOutEverywhere(user.id);
    await expectDbUnchanged(async () => {
      expect((await callRoute(getUser, { cookie: laptop })).status).toBe(401);
      expect((await callRoute(getUser, { cookie: phone })).status).toBe(401);
    });
  });

  it('signed out, then the old cookie replayed → denied; another device stays signed in', async () => {
    const user = await createTestUser();
    const token = await mintToken(user);
    const other = await cookieFor(user);
    const payload = await decodeSessionToken(token, getEnv().authSecrets, SESSION_COOKIE);
    expect(await endSignInOf(user.id, payload!.sid as string)).toBe(true);
    await expectDbUnchanged(async () => {
      expect((await callRoute(getUser, { cookie: `${SESSION_COOKIE}=${token}` })).status).toBe(401);
    });
    expect((await callRoute(getUser, { cookie: other })).status).toBe(200);
  });

  it('sign-out with KV down is refused whole (503, nothing written) and the cookie keeps working', async () => {
    const user = await createTestUser();
    const token = await mintToken(user);
    const payload = await decodeSessionToken(token, getEnv().authSecrets, SESSION_COOKIE);
    setKvForTests(failingKv());
    await expectDbUnchanged(async () => {
      await expect(endSignInOf(user.id, payload!.sid as string)).rejects.toMatchObject({ status: 503 });
    });
    setKvForTests(instrument(createMemoryKv()));
    expect((await callRoute(getUser, { cookie: `${SESSION_COOKIE}=${token}` })).status).toBe(200);
  });

  it('KV down → the database decides: a good token passes, a banned user\'s does not', async () => {
    const user = await createTestUser();
    const banned = await createTestUser();
    const cookie = await cookieFor(banned);
    await change(banned.id, { banned: true });
    setKvForTests(failingKv());
    await expectDbUnchanged(async () => {
      expect((await callRoute(getUser, { cookie: await cookieFor(user) })).status).toBe(200);
      expect((await callRoute(getUser, { cookie })).status).toBe(401);
    });
  });

  it('KV and database down → 503 with a generic message and no internals; the gate stays optimistic', async () => {
    const user = await createTestUser();
    const cookie = await cookieFor(user);
    const { database } = await useFreshBackends();
    await database.close();
    setKvForTests(failingKv());
    const me = await callRoute(getUser, { cookie });
    expect(me.status).toBe(503);
    expect(me.json).toEqual({ error: 'Service temporarily unavailable' });
    const reg = await callRoute(register, { method: 'POST', body: { name: 'Down Town', email: 'down@example.test', password: 'long-enough-pw' } });
    expect(reg.status).toBe(503);
    expect(reg.text).not.toMatch(/ECONN|PGlite|stack|at /);
    // The gate passes a valid token (it is only the convenience); the page's own check answers 503 above.
    const gate = await middleware(new NextRequest('http://localhost:3000/dashboard', { headers: { host: 'localhost:3000', cookie } }));
    expect(gate.headers.get('x-middleware-next')).toBe('1');
    setDatabaseForTests(await openDatabase({ pgliteDataDir: 'memory://' }));
  });

  it('database down → getSession answers 503 for a stale token, never "allowed"', async () => {
    const user = await createTestUser();
    const cookie = await cookieFor(user, { authzVersion: user.authzVersion + 5 });
    const { database } = await useFreshBackends();
    await database.close();
    const res = await callRoute(getUser, { cookie });
    expect(res.status).toBe(503);
    setDatabaseForTests(await openDatabase({ pgliteDataDir: 'memory://' }));
  });
});
