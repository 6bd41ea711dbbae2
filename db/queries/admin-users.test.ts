import { beforeAll, describe, expect, it } from 'vitest';
import { useFreshBackends } from '@/tests/helpers/db';
import { createTestUser } from '@/tests/helpers/users';
import { ADMIN_USERS_ORDER, countUsersForAdmin, listUsersForAdmin } from './admin-users';
import { decodeCursor, encodeCursor } from './keyset';

beforeAll(async () => {
  await useFreshBackends();
});

describe('admin user list: totals and cursors', () => {
  it('counts every user, or the prefix matches of a search (plain text), whatever the page', async () => {
    const before = await countUsersForAdmin();
    for (let i = 0; i < 5; i++) await createTestUser({ email: `count-${i}@example.test`, name: `Counted ${i}` });
    await createTestUser({ email: 'count_x@example.test', name: 'Other' });
    expect(await countUsersForAdmin()).toBe(before + 6);
    expect(await countUsersForAdmin('count-')).toBe(5);
    expect(await countUsersForAdmin('COUNTED')).toBe(5);
    expect(await countUsersForAdmin('count_')).toBe(1);
    expect(await countUsersForAdmin('count%')).toBe(0);

    const first = await listUsersForAdmin({ q: 'count-', limit: 2 });
    expect(first.users).toHaveLength(2);
    const token = encodeCursor(first.nextCursor!);
    const second = await listUsersForAdmin({ q: 'count-', limit: 10, cursor: decodeCursor(token, ADMIN_USERS_ORDER) });
    expect(second.users.map((u) => u.email)).toHaveLength(3);
    expect(new Set([...first.users, ...second.users].map((u) => u.email)).size).toBe(5);
  });
});
