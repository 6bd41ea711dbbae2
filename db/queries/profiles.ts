/**
 * SQL for a user's own profile and settings. The user id always comes from the session and sits in
 * the WHERE clause; the password hash is never selected.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { profiles, settings, users } from '../schema';
import { publicUserColumns, type PublicUser } from './users';

export type Theme = (typeof settings.$inferSelect)['theme'];

export interface ProfilePageData extends PublicUser {
  profile: { bio: string; location: string; website: string } | null;
  settings: { theme: Theme; emailNotifications: boolean } | null;
}

/** The user with their profile and settings rows: one relational query, one round trip. */
export async function getUserWithProfileAndSettings(userId: string): Promise<ProfilePageData | null> {
  const db = await getDb();
  const row = await db.query.users.findFirst({
    where: eq(users.id, userId),
    columns: { id: true, name: true, email: true, image: true, role: true, createdAt: true },
    with: {
      profile: { columns: { bio: true, location: true, website: true } },
      settings: { columns: { theme: true, emailNotifications: true } },
    },
  });
  return row ?? null;
}

export type ProfileUpdate = { name?: string; bio?: string };
export type UpdatedProfile = PublicUser & { bio: string };

/**
 * Updates the name and/or bio in one transaction. The profile row is upserted so a user whose row
 * is missing (created before profiles existed, or by hand) can still save. Null when the user is gone.
 */
export async function updateProfileForUser(userId: string, input: ProfileUpdate): Promise<UpdatedProfile | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ ...(input.name !== undefined ? { name: input.name } : {}), updatedAt: sql`now()` })
      .where(eq(users.id, userId))
      .returning(publicUserColumns);
    if (!user) return null;
    if (input.bio !== undefined) {
      const [profile] = await tx
        .insert(profiles)
        .values({ userId, bio: input.bio })
        .onConflictDoUpdate({ target: profiles.userId, set: { bio: input.bio, updatedAt: sql`now()` } })
        .returning({ bio: profiles.bio });
      return { ...user, bio: profile!.bio };
    }
    const [profile] = await tx.select({ bio: profiles.bio }).from(profiles).where(eq(profiles.userId, userId)).limit(1);
    return { ...user, bio: profile?.bio ?? '' };
  });
}

export type SettingsUpdate = { theme: Theme; emailNotifications: boolean };

/** Saves the settings row (upserted, like the profile). Null when the user is gone. */
export async function updateSettingsForUser(userId: string, input: SettingsUpdate): Promise<SettingsUpdate | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Locks the user row so a concurrent delete cannot turn the upsert into a foreign-key error.
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    if (!user) return null;
    const values = { theme: input.theme, emailNotifications: input.emailNotifications, updatedAt: sql`now()` };
    const [row] = await tx
      .insert(settings)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: settings.userId, set: values })
      .returning({ theme: settings.theme, emailNotifications: settings.emailNotifications });
    return row!;
  });
}
