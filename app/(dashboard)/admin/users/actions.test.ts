import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { redirectTarget } from '@/tests/helpers/freshness';
import { useFreshBackends } from '@/tests/helpers/db';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { changeRoleAction, deleteUserAction, revokeSessionsAction, setBannedAction } from './actions';

let admin: TokenSubject;
let adminCookie: string;

beforeAll(async () => {
  await useFreshBackends();
  admin = await createTestUser({ role: 'admin' });
  adminCookie = await sessionCookie(admin);
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};
const idle = { status: 'idle' } as const;

async function rowOf(id: string) {
  const db = await getDb();
  const [row] = await db.select({ role: users.role, bannedAt: users.bannedAt }).from(users).where(eq(users.id, id));
  return row ?? null;
}

describe('admin user actions', () => {
  it('change role, ban, revoke, delete: each succeeds for an admin, is audited and revalidates the list', async () => {
    const target = await createTestUser();
    enterRequest({ cookie: adminCookie, surface: 'action' });
    expect(await changeRoleAction(idle, form({ userId: target.id, role: 'admin' }))).toMatchObject({ status: 'success' });
    expect(currentRequest().revalidated).toContain('/admin/users');
    expect((await rowOf(target.id))?.role).toBe('admin');
    enterRequest({ cookie: adminCookie, surface: 'action' });
    expect(await setBannedAction(idle, form({ userId: target.id, banned: 'true' }))).toMatchObject({ status: 'success' });
    expect((await rowOf(target.id))?.bannedAt).not.toBeNull();
    enterRequest({ cookie: adminCookie, surface: 'action' });
    expect(await revokeSessionsAction(idle, form({ userId: target.id }))).toMatchObject({ status: 'success' });
    enterRequest({ cookie: adminCookie, surface: 'action' });
    expect(await deleteUserAction(idle, form({ userId: target.id }))).toMatchObject({ status: 'success', message: 'User deleted' });
    expect(await rowOf(target.id)).toBeNull();
    const db = await getDb();
    const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, target.id))).map((r) => r.action);
    expect(actions.sort()).toEqual(['user.banned', 'user.deleted', 'user.role_changed', 'user.sessions_revoked']);
  });

  it('a non-admin posting the action directly is sent to /unauthorized and nothing changes', async () => {
    const user = await createTestUser();
    const target = await createTestUser();
    enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
    expect(await redirectTarget(() => changeRoleAction(idle, form({ userId: target.id, role: 'admin' })))).toBe('/unauthorized');
    expect(await redirectTarget(() => deleteUserAction(idle, form({ userId: target.id })))).toBe('/unauthorized');
    expect(await rowOf(target.id)).toEqual({ role: 'user', bannedAt: null });
    enterRequest({ surface: 'action' });
    expect(await redirectTarget(() => setBannedAction(idle, form({ userId: target.id, banned: 'true' })))).toBe('/login');
  });

  it('bad input → field errors; the last admin → the 409 message; nothing changes', async () => {
    const target = await createTestUser();
    enterRequest({ cookie: adminCookie, surface: 'action' });
    const bad = await changeRoleAction(idle, form({ userId: target.id, role: 'root' }));
    expect(bad).toMatchObject({ status: 'error', fieldErrors: { role: [expect.any(String)] } });
    const forged = await changeRoleAction(idle, form({ userId: 'x', role: 'admin' }));
    expect(forged.fieldErrors?.userId).toBeDefined();
    const last = await changeRoleAction(idle, form({ userId: admin.id, role: 'user' }));
    expect(last).toMatchObject({ status: 'error', message: 'The last admin cannot be demoted, banned or deleted' });
    expect((await rowOf(admin.id))?.role).toBe('admin');
    expect((await rowOf(target.id))?.role).toBe('user');
  });
});
