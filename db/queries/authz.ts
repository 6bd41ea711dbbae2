/**
 * The SQL of an authorization change (every write that must reach existing tokens at once). Only
 * `changeAuthorization` (`lib/auth/change-authorization.ts`) opens these transactions: it locks the
 * user row first (`lockUserForChange`), lets the caller's step run its own statements on dependent
 * rows, then applies the typed change with the version bump (`applyAuthzChange`) and publishes.
 *
 * Lock order, one rule: `users` rows first (several in id order), then the rows that depend on
 * the user (`user_sessions`, `account_tokens`, `audit_log`, the cascade of a delete).
 */
import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { userSessions, users } from '../schema';
import type { Role } from '@/lib/core/roles';
import { endOpenAccountTokens } from './account-tokens';
import { endSignIns } from './sessions';
import { revokeAccessTokens } from './personal-access-tokens';
import { authStateColumns, type UserAuthState } from './users';

export type { Tx } from '../client';

export interface AuthzChange {
  role?: Role;
  /** true → banned now, false → unbanned. */
  banned?: boolean;
  /**
   * Ends sign-ins in the registry: `'all'` (sign out everywhere, a ban, a reset), or every one but
   * `except` (a password change, "sign out other devices": that device's tokens, whatever their
   * version, stay sessions and are merely stale until re-issued).
   */
  endSignIns?: 'all' | { except: string };
  /** Every open reset and verification link of the account dies with this change. */
  endLinks?: true;
  passwordHash?: string;
  /** The user followed a verification link (kept when already set). */
  emailVerified?: true;
  /**
   * Revokes personal access tokens in the same transaction: `'all'` ("sign out everywhere", a ban,
   * a reset) or one `{ id }` (the step already checked it is the user's and live).
   */
  revokeTokens?: 'all' | { id: string };
  /** The user row goes (its sign-ins and links with it, by cascade), after the bump. */
  deleteUser?: true;
}

/** Runs `fn` in one transaction (the only way `lib/auth` opens one for an authz change). */
export async function inAuthzTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(fn);
}

/** The user row, locked for the rest of the transaction: always the first lock of a change. Null: no such user. */
export async function lockUserForChange(tx: Tx, userId: string): Promise<UserAuthState | null> {
  const [row] = await tx.select(authStateColumns).from(users).where(eq(users.id, userId)).for('update');
  return row ?? null;
}

/**
 * Applies `change` and bumps the version in one `UPDATE` (the row is already locked), then the
 * dependent rows. Returns the row after the change (before a delete), or null when no row matched.
 */
export async function applyAuthzChange(tx: Tx, userId: string, change: AuthzChange): Promise<UserAuthState | null> {
  const [row] = await tx
    .update(users)
    .set({
      authzVersion: sql`${users.authzVersion} + 1`,
      ...(change.role ? { role: change.role } : {}),
      ...(change.banned === undefined ? {} : { bannedAt: change.banned ? sql`coalesce(${users.bannedAt}, now())` : null }),
      // New sign-ins whose credential check read an older version are not recorded (`createSignIn`).
      ...(change.endSignIns === 'all' || change.passwordHash ? { minSessionVersion: sql`${users.authzVersion} + 1` } : {}),
      ...(change.passwordHash ? { passwordHash: change.passwordHash } : {}),
      ...(change.emailVerified ? { emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, userId))
    .returning(authStateColumns);
  if (!row) return null;
  if (change.endSignIns) await endSignIns(tx, userId, change.endSignIns === 'all' ? undefined : change.endSignIns.except);
  if (change.endLinks) await endOpenAccountTokens(tx, userId);
  if (change.revokeTokens) await revokeAccessTokens(tx, userId, change.revokeTokens === 'all' ? undefined : change.revokeTokens.id);
  if (change.deleteUser) await tx.delete(users).where(eq(users.id, userId));
  return row;
}

/** Ends one live sign-in of `userId` (user row already locked). False: unknown, another user's, or already ended. */
export async function endOneSignIn(tx: Tx, userId: string, sid: string): Promise<boolean> {
  const ended = await tx
    .update(userSessions)
    .set({ endedAt: sql`now()` })
    .where(and(eq(userSessions.id, sid), eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
    .returning({ id: userSessions.id });
  return ended.length > 0;
}

/** The stored hash, only to verify the current password before a change (never returned to a client). */
export async function getPasswordHash(userId: string, tx?: Tx): Promise<string | null> {
  const db = tx ?? (await getDb());
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.passwordHash ?? null;
}
