import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { changeAuthorization } from '@/lib/auth';
import { callRoute } from '@/tests/helpers/http';
import { useFreshBackends } from '@/tests/helpers/db';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { GET } from './route';
import { DELETE as deleteUser, PATCH } from './[id]/route';
import { DELETE as deleteSessions } from './[id]/sessions/route';
import { GET as getMe } from '@/app/api/user/route';

let admin: TokenSubject;
let adminCookie: string;
let user: TokenSubject;

beforeAll(async () => {
  await useFreshBackends();
  admin = await createTestUser({ role: 'admin', name: 'Api Admin' });
  adminCookie = await sessionCookie(admin);
  user = await createTestUser({ name: 'Plain Person' });
});

async function rowOf(id: string) {
  const db = await getDb();
  const [row] = await db.select({ role: users.role, bannedAt: users.bannedAt, v: users.authzVersion }).from(users).where(eq(users.id, id));
  return row ?? null;
}

type Listed = { users: { id: string; email: string; name: string }[]; nextCursor: string | null };

describe('GET /api/admin/users', () => {
  it('403 for a non-admin, 401 without a cookie', async () => {
    expect((await callRoute(GET, { cookie: await sessionCookie(user) })).status).toBe(403);
    expect((await callRoute(GET)).status).toBe(401);
  });

  it('pages 50 at a time with a keyset cursor: no overlap, nothing missed', async () => {
    for (let i = 0; i < 55; i++) await createTestUser({ email: `pager-${String(i).padStart(2, '0')}@example.test`, name: `Pager ${i}` });
    const first = await callRoute(GET, { path: '/api/admin/users?q=pager-', cookie: adminCookie });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const page1 = first.json as unknown as Listed;
    expect(page1.users).toHaveLength(50);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const second = await callRoute(GET, { path: `/api/admin/users?q=pager-&cursor=${page1.nextCursor}`, cookie: adminCookie });
    const page2 = second.json as unknown as Listed;
    expect(page2.users).toHaveLength(5);
    expect(page2.nextCursor).toBeNull();
    const emails = new Set([...page1.users, ...page2.users].map((u) => u.email));
    expect(emails.size).toBe(55);
    expect(JSON.stringify(first.json)).not.toMatch(/password|scrypt/i);
  });

  it('searches by email or name prefix, case-insensitively; LIKE metacharacters match literally', async () => {
    await createTestUser({ email: 'percent%sign@example.test', name: 'Under_Score' });
    const byName = (await callRoute(GET, { path: '/api/admin/users?q=PLAIN%20pers', cookie: adminCookie })).json as unknown as Listed;
    expect(byName.users.map((u) => u.id)).toEqual([user.id]);
    const percent = (await callRoute(GET, { path: '/api/admin/users?q=%25', cookie: adminCookie })).json as unknown as Listed;
    expect(percent.users).toEqual([]);
    const literal = (await callRoute(GET, { path: '/api/admin/users?q=percent%25', cookie: adminCookie })).json as unknown as Listed;
    expect(literal.users.map((u) => u.email)).toEqual(['percent%sign@example.test']);
    const underscore = (await callRoute(GET, { path: '/api/admin/users?q=under_', cookie: adminCookie })).json as unknown as Listed;
    expect(underscore.users.map((u) => u.name)).toEqual(['Under_Score']);
    const noMatch = (await callRoute(GET, { path: '/api/admin/users?q=under.', cookie: adminCookie })).json as unknown as Listed;
    expect(noMatch.users).toEqual([]);
  });

  it('a forged cursor or an over-long query → 422', async () => {
    const bad = await callRoute(GET, { path: `/api/admin/users?cursor=${Buffer.from("x' or 1=1--").toString('base64url')}`, cookie: adminCookie });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ error: 'Validation failed', issues: { cursor: ['Invalid cursor'] } });
    expect((await callRoute(GET, { path: `/api/admin/users?q=${'a'.repeat(101)}`, cookie: adminCookie })).status).toBe(422);
  });
});

describe('PATCH /api/admin/users/:id', () => {
  const patch = async (id: string, body: unknown, cookie = adminCookie) =>
    callRoute(PATCH, { method: 'PATCH', path: `/api/admin/users/${id}`, cookie, body, params: { id } });

  it('changes the role and writes the audit log', async () => {
    const target = await createTestUser();
    const res = await patch(target.id, { role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: target.id, role: 'admin', bannedAt: null });
    expect((await rowOf(target.id))?.role).toBe('admin');
    const db = await getDb();
    const entries = await db.select().from(auditLog).where(eq(auditLog.targetId, target.id));
    expect(entries).toEqual([expect.objectContaining({ actorId: admin.id, action: 'user.role_changed', details: { from: 'user', to: 'admin' } })]);
  });

  it('bans and unbans', async () => {
    const target = await createTestUser();
    expect((await patch(target.id, { banned: true })).json).toMatchObject({ bannedAt: expect.any(String) });
    expect((await rowOf(target.id))?.bannedAt).not.toBeNull();
    expect((await patch(target.id, { banned: false })).json).toMatchObject({ bannedAt: null });
  });

  it('unknown role, unknown key, empty body, wrong types → 422 and nothing changes', async () => {
    const target = await createTestUser();
    const before = await rowOf(target.id);
    for (const body of [{ role: 'superuser' }, { role: 'admin', authzVersion: 99 }, {}, { banned: 'yes' }, [], { role: null }]) {
      const res = await patch(target.id, body);
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ error: 'Validation failed', issues: expect.any(Object) });
    }
    expect(await rowOf(target.id)).toEqual(before);
  });

  it('404 for a missing or malformed id; 403 for a non-admin (nothing changes)', async () => {
    expect((await patch('00000000-0000-4000-8000-000000000000', { role: 'admin' })).status).toBe(404);
    expect((await patch('not-a-uuid', { role: 'admin' })).status).toBe(404);
    const target = await createTestUser();
    const res = await patch(target.id, { role: 'admin' }, await sessionCookie(user));
    expect(res.status).toBe(403);
    expect((await rowOf(target.id))?.role).toBe('user');
  });

  it('a cross-site write is refused before anything happens', async () => {
    const target = await createTestUser();
    const res = await callRoute(PATCH, {
      method: 'PATCH',
      cookie: adminCookie,
      body: { role: 'admin' },
      params: { id: target.id },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect((await rowOf(target.id))?.role).toBe('user');
  });
});

describe('DELETE /api/admin/users/:id and /sessions', () => {
  it('revoking sessions signs the user out (their old cookie → 401)', async () => {
    const target = await createTestUser();
    const cookie = await sessionCookie(target);
    expect((await callRoute(getMe, { cookie })).status).toBe(200);
    const res = await callRoute(deleteSessions, { method: 'DELETE', cookie: adminCookie, params: { id: target.id } });
    expect(res.status).toBe(204);
    expect((await callRoute(getMe, { cookie })).status).toBe(401);
    expect(await rowOf(target.id)).not.toBeNull();
  });

  it('deleting removes the row, audits it, and the cookie stops working; a second delete → 404', async () => {
    const target = await createTestUser();
    const cookie = await sessionCookie(target);
    const res = await callRoute(deleteUser, { method: 'DELETE', cookie: adminCookie, params: { id: target.id } });
    expect(res.status).toBe(204);
    expect(await rowOf(target.id)).toBeNull();
    const db = await getDb();
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.targetId, target.id));
    expect(entry).toMatchObject({ action: 'user.deleted', details: { email: target.email } });
    expect((await callRoute(getMe, { cookie })).status).toBe(401);
    expect((await callRoute(deleteUser, { method: 'DELETE', cookie: adminCookie, params: { id: target.id } })).status).toBe(404);
  });

  it('the last admin cannot delete themselves: 409', async () => {
    const db = await getDb();
    // Every other admin demoted, through the one path every writer takes.
    for (const other of await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'))) {
      if (other.id !== admin.id) await changeAuthorization(other.id, { role: 'user' });
    }
    const res = await callRoute(deleteUser, { method: 'DELETE', cookie: adminCookie, params: { id: admin.id } });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ error: 'The last admin cannot be demoted, banned or deleted' });
    expect((await rowOf(admin.id))?.role).toBe('admin');
  });
});
