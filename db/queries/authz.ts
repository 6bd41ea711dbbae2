/**
 * Writes that must reach existing tokens at once: each bumps `users.authz_version` in the same
 * transaction as the change itself and hands the new version to `publish` while the row is still
 * locked, so publishes happen in commit order (see `lib/auth/freshness.ts`).
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { userSessions, users } from '../schema';
import type { Role } from '@/lib/core/roles';
import { insertAuditEntry } from './audit';
import { endSignIns } from './sessions';
import { authStateColumns, type UserAuthState } from './users';

/** Mirrors a committed version into KV; throwing rolls the transaction back. */
export type PublishVersion = (version: number) => Promise<void>;

export interface AuthzChange {
  role?: Role;
  /** true → banned now, false → unbanned. */
  banned?: boolean;
  /**
   * Every token issued before this change stops being a session, and every live sign-in of the
   * user is ended in the registry; `{ exceptSignIn }` keeps that one sign-in (a password change
   * keeps the device that made it: its cookie is re-issued with the new version).
   */
  revokeSessions?: boolean | { exceptSignIn: string };
  passwordHash?: string;
  /** The user followed a verification link (kept when already set). */
  emailVerified?: true;
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
      ...(change.emailVerified ? { emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` } : {}),
      updatedAt: sql`now()`,
    })
    .where(onlyIfPasswordHash ? and(eq(users.id, userId), eq(users.passwordHash, onlyIfPasswordHash)) : eq(users.id, userId))
    .returning(authStateColumns);
  if (!row) return null;
  if (change.revokeSessions) {
    await endSignIns(tx, userId, change.revokeSessions === true ? undefined : change.revokeSessions.exceptSignIn);
  }
  await publish(row.authzVersion);
  return row;
}

/**
 * Sign-out of one sign-in, in one transaction: the registry row is ended and the user's authz
 * version bumped (published through `publish` under the row lock), so every token of that
 * sign-in, whatever its `jti`, goes to the database on its next request and is refused there.
 * The user row is locked first (the lock order of every writer). Returns false, with nothing
 * written, when the sign-in is unknown, another user's, or already ended. `actorId`: an admin
 * ending someone's sign-in, recorded in the audit log in the same transaction.
 */
export async function endSignIn(userId: string, sid: string, publish: PublishVersion, actorId?: string): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
    if (!owner) return false;
    const ended = await tx
      .update(userSessions)
      .set({ endedAt: sql`now()` })
      .where(and(eq(userSessions.id, sid), eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
      .returning({ id: userSessions.id });
    if (ended.length === 0) return false;
    await applyAuthzChange(tx, userId, {}, publish);
    if (actorId) await insertAuditEntry(tx, { actorId, action: 'user.session_ended', targetId: userId, details: { sessionId: sid } });
    return true;
  });
}

/** "Sign out everywhere": revokes every existing token of a user. Returns the new version, or null for no user. */
export async function revokeAllSessions(userId: string, publish: PublishVersion): Promise<number | null> {
  const db = await getDb();
  return db.transaction(async (tx) => (await applyAuthzChange(tx, userId, { revokeSessions: true }, publish))?.authzVersion ?? null);
}

/** "Sign out all other devices": every token but those of `keepSignIn` is revoked. Null for no user. */
export async function revokeOtherSessions(userId: string, keepSignIn: string, publish: PublishVersion): Promise<UserAuthState | null> {
  const db = await getDb();
  return db.transaction((tx) => applyAuthzChange(tx, userId, { revokeSessions: { exceptSignIn: keepSignIn } }, publish));
}

/** The stored hash, only to verify the current password before a change (never returned to a client). */
export async function getPasswordHash(userId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.passwordHash ?? null;
}

/**
 * Replaces the password and revokes every token issued before (every sign-in but `keepSignIn`
 * ends), in one transaction whose `UPDATE` only matches while the hash is still the one that was
 * verified. Returns the fresh row, or null (nothing written).
 */
export async function changePasswordAndRevoke(
  userId: string,
  verifiedHash: string,
  newHash: string,
  keepSignIn: string,
  publish: PublishVersion,
) {
  const db = await getDb();
  return db.transaction((tx) =>
    applyAuthzChange(tx, userId, { passwordHash: newHash, revokeSessions: { exceptSignIn: keepSignIn } }, publish, verifiedHash),
  );
}
