/**
 * Writes that must reach existing tokens at once: each bumps `users.authz_version` in the same
 * transaction as the change itself and hands the new version to `publish` while the row is still
 * locked, so publishes happen in commit order (see `lib/auth/freshness.ts`).
 */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { users } from '../schema';
import type { Role } from '@/lib/core/roles';
import { authStateColumns, type UserAuthState } from './users';

/** Mirrors a committed version into KV; throwing rolls the transaction back. */
export type PublishVersion = (version: number) => Promise<void>;

export interface AuthzChange {
  role?: Role;
  /** true → banned now, false → unbanned. */
  banned?: boolean;
  /** Every token issued before this change stops being a session. */
  revokeSessions?: boolean;
  passwordHash?: string;
}

/**
 * Applies `change` and bumps the version in one `UPDATE` (which locks the row), then publishes.
 * `onlyIfPasswordHash` makes the update conditional (a password change racing another one).
 * Returns the row after the change, or null when no row matched.
 */
export async function applyAuthzChange(
  tx: Tx,
  userId: string,
  change: AuthzChange,
  publish: PublishVersion,
  onlyIfPasswordHash?: string,
): Promise<UserAuthState | null> {
  const next = sql`${users.authzVersion} + 1`;
  const [row] = await tx
    .update(users)
    .set({
      authzVersion: next,
      ...(change.role ? { role: change.role } : {}),
      ...(change.banned === undefined ? {} : { bannedAt: change.banned ? sql`coalesce(${users.bannedAt}, now())` : null }),
      ...(change.revokeSessions ? { minSessionVersion: next } : {}),
      ...(change.passwordHash ? { passwordHash: change.passwordHash } : {}),
      updatedAt: sql`now()`,
    })
    .where(onlyIfPasswordHash ? and(eq(users.id, userId), eq(users.passwordHash, onlyIfPasswordHash)) : eq(users.id, userId))
    .returning(authStateColumns);
  if (!row) return null;
  await publish(row.authzVersion);
  return row;
}

/** "Sign out everywhere": revokes every existing token of a user. Returns the new version, or null for no user. */
export async function revokeAllSessions(userId: string, publish: PublishVersion): Promise<number | null> {
  const db = await getDb();
  return db.transaction(async (tx) => (await applyAuthzChange(tx, userId, { revokeSessions: true }, publish))?.authzVersion ?? null);
}

/** The stored hash, only to verify the current password before a change (never returned to a client). */
export async function getPasswordHash(userId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.passwordHash ?? null;
}

/**
 * Replaces the password and revokes every token issued before, in one statement that only
 * matches while the hash is still the one that was verified. Returns the fresh row, or null.
 */
export async function changePasswordAndRevoke(userId: string, verifiedHash: string, newHash: string, publish: PublishVersion) {
  const db = await getDb();
  return db.transaction((tx) => applyAuthzChange(tx, userId, { passwordHash: newHash, revokeSessions: true }, publish, verifiedHash));
}
