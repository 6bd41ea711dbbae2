import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { diffCounters, readCounters } from '@/lib/core/counters';
import { profiles } from '@/db/schema';
import { useFreshBackends } from '@/tests/helpers/db';
import { createTestUser } from '@/tests/helpers/users';
import { getUserWithProfileAndSettings, updateProfileForUser, updateSettingsForUser } from './profiles';

beforeAll(async () => {
  await useFreshBackends();
});

describe('profile queries', () => {
  it('loads the user with profile and settings in one query, without the password hash', async () => {
    const user = await createTestUser({ name: 'Query Person' });
    const before = readCounters();
    const row = await getUserWithProfileAndSettings(user.id);
    expect(diffCounters(before).dbQueries).toBe(1);
    expect(row).toMatchObject({
      id: user.id,
      name: 'Query Person',
      role: 'user',
      profile: { bio: '', location: '', website: '' },
      settings: { theme: 'system', emailNotifications: true },
    });
    expect(Object.keys(row!)).not.toContain('passwordHash');
    expect(JSON.stringify(row)).not.toMatch(/scrypt/);
  });

  it('recreates a missing profile row on save, and answers null for a user that does not exist', async () => {
    const user = await createTestUser();
    const db = await getDb();
    await db.delete(profiles).where(eq(profiles.userId, user.id));
    expect(await updateProfileForUser(user.id, { bio: 'back again' })).toMatchObject({ id: user.id, bio: 'back again' });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect(await updateProfileForUser(missing, { name: 'Ghost' })).toBeNull();
    expect(await updateSettingsForUser(missing, { theme: 'dark', emailNotifications: false })).toBeNull();
    expect(await getUserWithProfileAndSettings(missing)).toBeNull();
  });
});
