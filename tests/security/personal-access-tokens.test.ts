/**
 * Personal access tokens (issue 24): never stale, the token alone decides, scopes, throttling.
 * Every request goes through the real route handlers with `Authorization: Bearer es_pat_…`.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { GET as getMe, PATCH as patchMe } from '@/app/api/user/route';
import { GET as listTokens, POST as createToken } from '@/app/api/user/tokens/route';
import { DELETE as revokeToken } from '@/app/api/user/tokens/[id]/route';
import { DELETE as signOutAll } from '@/app/api/user/sessions/route';
import { PATCH as adminPatch, DELETE as adminDelete } from '@/app/api/admin/users/[id]/route';
import { GET as adminList } from '@/app/api/admin/users/route';
import { getDb } from '@/db/client';
import { auditLog, personalAccessTokens, users } from '@/db/schema';
import { diffCounters, readCounters } from '@/lib/core/counters';
import { resetEnvCache } from '@/lib/core/env';
import { requireAuth, TOKEN_FAILURE_LIMIT } from '@/lib/auth';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { callRoute } from '@/tests/helpers/http';
import { redirectTarget } from '@/tests/helpers/freshness';
import { runInRequest } from '@/tests/helpers/request-context';
import { useFreshBackends } from '@/tests/helpers/db';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';

beforeEach(async () => {
  await useFreshBackends();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function newToken(cookie: string, body: Record<string, unknown> = {}) {
  const res = await callRoute(createToken, { method: 'POST', cookie, body: { name: 'ci', scope: 'write', expiresInDays: 30, ...body } });
  expect(res.status).toBe(201);
  return res.json as { id: string; token: string; scope: string; expiresAt: string | null };
}

async function me(token: string, extra: Record<string, string> = {}) {
  return callRoute(getMe, { headers: { ...bearer(token), ...extra } });
}

/** One warm-up request (the DB path writes the KV copy), then the counters of the next one. */
async function steadyCounts(token: string) {
  expect((await me(token)).status).toBe(200);
  const before = readCounters();
  const res = await me(token);
  return { res, counts: diffCounters(before) };
}

describe('creating tokens', () => {
  it('201 with a prefixed, high-entropy secret shown once; only its SHA-256 is stored', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const created = await newToken(cookie, { expiresInDays: 7 });
    expect(created.token).toMatch(/^es_pat_[A-Za-z0-9_-]{43}_[A-Za-z0-9_-]{43}$/);
    expect(new Date(created.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 6 * 86400_000);
    const db = await getDb();
    const [row] = await db.select().from(personalAccessTokens).where(eq(personalAccessTokens.id, created.id));
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.token.slice(-43));
    const list = await callRoute(listTokens, { cookie });
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([expect.objectContaining({ id: created.id, name: 'ci', scope: 'write' })]);
    expect(JSON.stringify(list.json)).not.toContain(created.token);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'token.created'));
    expect(audit).toHaveLength(1);
  });

  it('needs a recent authentication (sudo mode) and nothing is created without it', async () => {
    const user = await createTestUser();
    const authTime = Math.floor(Date.now() / 1000) - 3600;
    const cookie = await sessionCookie(user, { authTime, reauthAt: authTime });
    const res = await callRoute(createToken, { method: 'POST', cookie, body: { name: 'x', scope: 'read', expiresInDays: null } });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('reauthentication-required');
    expect(await (await getDb()).select().from(personalAccessTokens)).toHaveLength(0);
  });

  it('a token cannot create tokens; bad input is a 422', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const { token } = await newToken(cookie);
    const res = await callRoute(createToken, { method: 'POST', headers: bearer(token), body: { name: 'x', scope: 'write', expiresInDays: null } });
    expect(res.status).toBe(403);
    for (const body of [{ name: 'x', scope: 'admin', expiresInDays: 7 }, { name: 'x', scope: 'read', expiresInDays: 5 }, { name: '', scope: 'read', expiresInDays: 7 }, { name: 'x', scope: 'read' }]) {
      expect((await callRoute(createToken, { method: 'POST', cookie, body })).status).toBe(422);
    }
    expect(await (await getDb()).select().from(personalAccessTokens)).toHaveLength(1);
  });
});

describe('never stale', () => {
  it('revoke → the next request is 401 (and the revoke is audited)', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const { id, token } = await newToken(cookie);
    expect((await me(token)).status).toBe(200);
    expect((await me(token)).status).toBe(200);
    const res = await callRoute(revokeToken, { method: 'DELETE', cookie, params: { id } });
    expect(res.status).toBe(204);
    const after = await me(token);
    expect(after.status).toBe(401);
    expect(after.json.error).toEqual(expect.any(String));
    expect((await callRoute(revokeToken, { method: 'DELETE', cookie, params: { id } })).status).toBe(404);
    expect(await (await getDb()).select().from(auditLog).where(eq(auditLog.action, 'token.revoked'))).toHaveLength(1);
  });

  it('ban → 401; a delete → 401', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const adminCookie = await sessionCookie(admin);
    const user = await createTestUser();
    const { token } = await newToken(await sessionCookie(user));
    const other = await createTestUser();
    const { token: otherToken } = await newToken(await sessionCookie(other));
    expect((await me(token)).status).toBe(200);
    expect((await me(otherToken)).status).toBe(200);
    expect((await callRoute(adminPatch, { method: 'PATCH', cookie: adminCookie, params: { id: user.id }, body: { banned: true } })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
    // Unbanning does not bring it back: the ban revoked it.
    expect((await callRoute(adminPatch, { method: 'PATCH', cookie: adminCookie, params: { id: user.id }, body: { banned: false } })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
    expect((await callRoute(adminDelete, { method: 'DELETE', cookie: adminCookie, params: { id: other.id } })).status).toBe(204);
    expect((await me(otherToken)).status).toBe(401);
  });

  it("demotion → an admin route is 403 on the token's next request", async () => {
    const admin = await createTestUser({ role: 'admin' });
    const other = await createTestUser({ role: 'admin' });
    const { token } = await newToken(await sessionCookie(admin));
    expect((await callRoute(adminList, { headers: bearer(token) })).status).toBe(200);
    expect((await callRoute(adminList, { headers: bearer(token) })).status).toBe(200);
    const res = await callRoute(adminPatch, { method: 'PATCH', cookie: await sessionCookie(other), params: { id: admin.id }, body: { role: 'user' } });
    expect(res.status).toBe(200);
    expect((await callRoute(adminList, { headers: bearer(token) })).status).toBe(403);
    expect((await me(token)).json.role).toBe('user');
  });

  it('an admin route needs a write token of an admin', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await sessionCookie(admin);
    const { token: readToken } = await newToken(cookie, { scope: 'read' });
    expect((await callRoute(adminList, { headers: bearer(readToken) })).status).toBe(403);
    const user = await createTestUser();
    const { token: userToken } = await newToken(await sessionCookie(user));
    expect((await callRoute(adminList, { headers: bearer(userToken) })).status).toBe(403);
  });

  it('"sign out everywhere" with a token revokes it; a cookie sent along is not cleared', async () => {
    const a = await createTestUser();
    const cookieA = await sessionCookie(a);
    const b = await createTestUser();
    const { token } = await newToken(await sessionCookie(b));
    const res = await callRoute(signOutAll, { method: 'DELETE', cookie: cookieA, headers: bearer(token) });
    expect(res.status).toBe(204);
    expect(res.cookiesWritten.size).toBe(0);
    expect((await me(token)).status).toBe(401);
    expect((await callRoute(getMe, { cookie: cookieA })).status).toBe(200);
  });

  it('"sign out everywhere" revokes tokens too', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const { token } = await newToken(cookie);
    expect((await me(token)).status).toBe(200);
    expect((await callRoute(signOutAll, { method: 'DELETE', cookie: await sessionCookie(user) })).status).toBe(204);
    expect((await me(token)).status).toBe(401);
    const db = await getDb();
    const [row] = await db.select().from(personalAccessTokens);
    expect(row!.revokedAt).not.toBeNull();
  });

  it('KV flush: a revoked token stays refused; a valid one is accepted with one database read', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const revoked = await newToken(cookie, { name: 'old' });
    const valid = await newToken(cookie, { name: 'new' });
    expect((await me(revoked.token)).status).toBe(200);
    expect((await me(valid.token)).status).toBe(200);
    expect((await callRoute(revokeToken, { method: 'DELETE', cookie, params: { id: revoked.id } })).status).toBe(204);
    setKvForTests(instrument(createMemoryKv()));
    expect((await me(revoked.token)).status).toBe(401);
    const before = readCounters();
    const res = await me(valid.token);
    const counts = diffCounters(before);
    expect(res.status).toBe(200);
    // The token row + its user (one query), then GET /api/user's own read.
    expect(counts.dbQueries).toBe(2);
    const steady = await steadyCounts(valid.token);
    expect(steady.res.status).toBe(200);
    expect(steady.counts.kvReads).toBe(1);
  });

  it('expired → 401', async () => {
    const user = await createTestUser();
    const { id, token } = await newToken(await sessionCookie(user), { expiresInDays: 7 });
    expect((await me(token)).status).toBe(200);
    const db = await getDb();
    await db.update(personalAccessTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(personalAccessTokens.id, id));
    // The KV copy carries the expiry too: also refused without a database read.
    setKvForTests(instrument(createMemoryKv()));
    expect((await me(token)).status).toBe(401);
  });
});

describe('the steady state', () => {
  it('0 database reads for the token, at most 1 KV read', async () => {
    const user = await createTestUser();
    const { token } = await newToken(await sessionCookie(user));
    const { res, counts } = await steadyCounts(token);
    expect(res.status).toBe(200);
    // GET /api/user's own read of the row is the handler's; the token decision costs none.
    expect(counts.dbQueries).toBe(1);
    expect(counts.kvReads).toBe(1);
    expect(counts.kvWrites).toBe(0);
  });

  it('GET /api/user/tokens on the steady path: the list query only', async () => {
    const user = await createTestUser();
    const { token } = await newToken(await sessionCookie(user));
    expect((await callRoute(listTokens, { headers: bearer(token) })).status).toBe(200);
    const before = readCounters();
    const res = await callRoute(listTokens, { headers: bearer(token) });
    const counts = diffCounters(before);
    expect(res.status).toBe(200);
    expect(counts.dbQueries).toBe(1);
    expect(counts.kvReads).toBe(1);
  });

  it('last_used_at is written once, not on every request', async () => {
    const user = await createTestUser();
    const { id, token } = await newToken(await sessionCookie(user));
    const db = await getDb();
    expect((await me(token)).status).toBe(200);
    const [first] = await db.select().from(personalAccessTokens).where(eq(personalAccessTokens.id, id));
    expect(first!.lastUsedAt).not.toBeNull();
    for (let i = 0; i < 3; i++) expect((await me(token)).status).toBe(200);
    const [later] = await db.select().from(personalAccessTokens).where(eq(personalAccessTokens.id, id));
    expect(later!.lastUsedAt!.getTime()).toBe(first!.lastUsedAt!.getTime());
  });
});

describe('the token alone decides', () => {
  it('a read token on a write → 403, nothing changed', async () => {
    const user = await createTestUser({ name: 'Before Name' });
    const { token } = await newToken(await sessionCookie(user), { scope: 'read' });
    expect((await me(token)).status).toBe(200);
    const res = await callRoute(patchMe, { method: 'PATCH', headers: bearer(token), body: { name: 'After Name' } });
    expect(res.status).toBe(403);
    const [row] = await (await getDb()).select().from(users).where(eq(users.id, user.id));
    expect(row!.name).toBe('Before Name');
  });

  it('a write token writes, with no Origin dance', async () => {
    const user = await createTestUser({ name: 'Before Name' });
    const { token } = await newToken(await sessionCookie(user));
    const res = await callRoute(patchMe, { method: 'PATCH', headers: { ...bearer(token), origin: 'https://evil.example' }, body: { name: 'After Name' } });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe('After Name');
  });

  it('a token in the query string is refused', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const { token } = await newToken(cookie);
    for (const path of [`/api/user?access_token=${token}`, `/api/user?t=${token}`]) {
      const res = await callRoute(getMe, { path });
      expect(res.status).toBe(401);
      expect(res.json.error).toEqual(expect.any(String));
      // Even with a valid cookie along.
      expect((await callRoute(getMe, { path, cookie })).status).toBe(401);
    }
  });

  it('a cookie of user A and a token of user B → acts as B only, A is untouched', async () => {
    const a = await createTestUser({ name: 'Alice Cookie' });
    const b = await createTestUser({ name: 'Bob Token' });
    const cookieA = await sessionCookie(a);
    const { token } = await newToken(await sessionCookie(b));
    const res = await callRoute(getMe, { cookie: cookieA, headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(b.id);
    const patch = await callRoute(patchMe, { method: 'PATCH', cookie: cookieA, headers: bearer(token), body: { name: 'Renamed Bob' } });
    expect(patch.status).toBe(200);
    expect(patch.json.id).toBe(b.id);
    expect(patch.cookiesWritten.size).toBe(0);
    const [rowA] = await (await getDb()).select().from(users).where(eq(users.id, a.id));
    expect(rowA!.name).toBe('Alice Cookie');
    // An invalid token never falls back to the cookie.
    expect((await callRoute(getMe, { cookie: cookieA, headers: bearer('es_pat_nope') })).status).toBe(401);
    expect((await callRoute(getMe, { cookie: cookieA, headers: { authorization: 'Basic Zm9vOmJhcg==' } })).status).toBe(401);
  });

  it('pages never accept a token, and ignore a cookie sent along with one', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const { token } = await newToken(cookie);
    const target = await runInRequest({ cookie, headers: { host: 'localhost:3000', cookie, ...bearer(token) }, surface: 'page' }, () => redirectTarget(() => requireAuth()));
    expect(target).toBe('/login');
    const alone = await runInRequest({ headers: { host: 'localhost:3000', ...bearer(token) }, surface: 'page' }, () => redirectTarget(() => requireAuth()));
    expect(alone).toBe('/login');
  });

  it('forged prefix, malformed, tampered or unknown → 401 JSON', async () => {
    const user = await createTestUser();
    const { token } = await newToken(await sessionCookie(user));
    const secret = token.slice(-43);
    const other = await createTestUser();
    const { token: otherToken } = await newToken(await sessionCookie(other));
    const candidates = [
      token.replace('es_pat_', 'xx_pat_'),
      token.replace('es_pat_', 'es_pat__'),
      token.slice(0, -1),
      `${token}A`,
      token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'),
      // The ids of one token with the secret of another.
      otherToken.slice(0, -43) + secret,
      '',
      'Bearer',
    ];
    for (const candidate of candidates) {
      const res = await me(candidate);
      expect(res.status, candidate).toBe(401);
      expect(res.json.error).toEqual(expect.any(String));
    }
    expect((await me(token)).status).toBe(200);
  });

  it('unknown and revoked tokens take the same path (one database read each, same answer)', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const revoked = await newToken(cookie);
    expect((await callRoute(revokeToken, { method: 'DELETE', cookie, params: { id: revoked.id } })).status).toBe(204);
    const unknown = revoked.token.slice(0, 7) + Buffer.alloc(32, 7).toString('base64url') + revoked.token.slice(50);
    const measure = async (t: string) => {
      const before = readCounters();
      const res = await me(t);
      return { status: res.status, body: res.json, db: diffCounters(before).dbQueries };
    };
    const a = await measure(revoked.token);
    const b = await measure(unknown);
    expect(a).toEqual(b);
    expect(a.db).toBe(1);
  });

  it('failures are throttled per client (429 before any database read)', async () => {
    vi.stubEnv('TRUSTED_CLIENT_IP_HEADER', 'x-test-ip');
    resetEnvCache();
    try {
      const user = await createTestUser();
      const { token } = await newToken(await sessionCookie(user));
      const forged = token.slice(0, -43) + 'A'.repeat(43);
      const ip = { 'x-test-ip': '203.0.113.9' };
      const statuses: number[] = [];
      for (let i = 0; i <= TOKEN_FAILURE_LIMIT; i++) statuses.push((await me(forged, ip)).status);
      expect(statuses.slice(0, TOKEN_FAILURE_LIMIT).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      const before = readCounters();
      expect((await me(forged, ip)).status).toBe(429);
      expect(diffCounters(before).dbQueries).toBe(0);
      // Another client is not affected.
      expect((await me(token, { 'x-test-ip': '198.51.100.1' })).status).toBe(200);
    } finally {
      vi.unstubAllEnvs();
      resetEnvCache();
    }
  });
});
