/**
 * "At least one active admin" under concurrency. PGlite runs one transaction at a time, so here
 * the parallel calls interleave only between transactions; on Postgres the guarantee comes from
 * `lockActiveAdmins`: both transactions lock every admin row in id order (no deadlock), the
 * second waits for the first to commit, then re-checks `role = 'admin'` on the rows it locks
 * (READ COMMITTED re-evaluation), sees the first demotion, and answers 409.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, users } from '@/db/schema';
import { changeUserAsAdmin, LAST_ADMIN_MESSAGE } from '@/lib/admin-users';
import { useFreshBackends } from '@/tests/helpers/db';
import { createTestUser } from '@/tests/helpers/users';

beforeAll(async () => {
  await useFreshBackends();
});

async function activeAdmins(): Promise<number> {
  const db = await getDb();
  return db.$count(users, and(eq(users.role, 'admin'), isNull(users.bannedAt)));
}

describe('the last admin', () => {
  it('two admins demoting each other in parallel leave exactly one admin; the loser gets 409', async () => {
    const a = await createTestUser({ role: 'admin' });
    const b = await createTestUser({ role: 'admin' });
    const results = await Promise.allSettled([
      changeUserAsAdmin(a.id, b.id, { kind: 'update', role: 'user' }),
      changeUserAsAdmin(b.id, a.id, { kind: 'update', role: 'user' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ status: 409, message: LAST_ADMIN_MESSAGE });
    expect(await activeAdmins()).toBe(1);
  });

  it('two admins banning and deleting each other in parallel still leave one', async () => {
    const db = await getDb();
    const [survivor] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'));
    const c = await createTestUser({ role: 'admin' });
    await Promise.allSettled([
      changeUserAsAdmin(c.id, survivor!.id, { kind: 'update', banned: true }),
      changeUserAsAdmin(survivor!.id, c.id, { kind: 'delete' }),
    ]);
    expect(await activeAdmins()).toBe(1);
  });

  it('the last admin cannot demote, ban or delete themselves (409, nothing written, nothing audited)', async () => {
    const db = await getDb();
    const [last] = await db.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), isNull(users.bannedAt)));
    const audits = await db.$count(auditLog);
    for (const change of [{ kind: 'update', role: 'user' }, { kind: 'update', banned: true }, { kind: 'delete' }] as const) {
      await expect(changeUserAsAdmin(last!.id, last!.id, change)).rejects.toMatchObject({ status: 409 });
    }
    expect(await activeAdmins()).toBe(1);
    expect(await db.$count(auditLog)).toBe(audits);
  });

  it('a banned admin does not count: demoting the only active one is refused', async () => {
    const db = await getDb();
    const [last] = await db.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), isNull(users.bannedAt)));
    const bannedAdmin = await createTestUser({ role: 'admin' });
    await changeUserAsAdmin(last!.id, bannedAdmin.id, { kind: 'update', banned: true });
    await expect(changeUserAsAdmin(last!.id, last!.id, { kind: 'update', role: 'user' })).rejects.toMatchObject({ status: 409 });
  });

  it('with a second admin, self-demotion works and is audited', async () => {
    const db = await getDb();
    const [last] = await db.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), isNull(users.bannedAt)));
    const other = await createTestUser({ role: 'admin' });
    const updated = await changeUserAsAdmin(last!.id, last!.id, { kind: 'update', role: 'user' });
    expect(updated).toMatchObject({ id: last!.id, role: 'user' });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, last!.id), eq(auditLog.action, 'user.role_changed')));
    expect(entry).toMatchObject({ actorId: last!.id, details: { from: 'admin', to: 'user' } });
    expect(await activeAdmins()).toBe(1);
    expect(other.role).toBe('admin');
  });
});

describe('the /admin overview counts', () => {
  it('counts users, admins and products in one query', async () => {
    const { getAdminOverviewCounts } = await import('@/db/queries/admin-users');
    const { readCounters, diffCounters } = await import('@/lib/core/counters');
    const db = await getDb();
    const before = readCounters();
    const counts = await getAdminOverviewCounts();
    expect(diffCounters(before).dbQueries).toBe(1);
    expect(counts).toEqual({
      users: await db.$count(users),
      admins: await db.$count(users, eq(users.role, 'admin')),
      products: 0,
    });
    expect(counts.users).toBeGreaterThan(3);
  });
});
