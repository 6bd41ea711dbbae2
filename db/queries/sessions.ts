/**
 * The sign-in registry (`user_sessions`): one row per sign-in, its id the `sid` claim of every
 * token that descends from it. PostgreSQL is the only place a row's state lives.
 *
 * Lock order, everywhere: the `users` row first, then its `user_sessions` rows (every writer goes
 * through `changeAuthorization`, which locks the user row before its step runs), so two changes
 * of one user can never deadlock.
 */
import 'server-only';
import { and, desc, eq, gt, isNull, lte, ne, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { userSessions, users } from '../schema';
import { authStateColumns, type UserAuthState } from './users';

/** Longest User-Agent kept (the device list needs a few dozen characters). */
export const USER_AGENT_MAX = 512;

export interface NewSignIn {
  userId: string;
  /** The authz version the new token carries (read with the role at sign-in). */
  authzVersion: number;
  /** When no token of this sign-in may be valid any more (sign-in time + absolute lifetime). */
  expiresAt: Date;
  userAgent: string | null;
}

/**
 * Records a sign-in and returns its id, or null when the user cannot have one (deleted, banned,
 * or the token's version is below `min_session_version`: a password change, reset or "sign out
 * everywhere" committed between the credential check and this insert). One statement: the row
 * exists only for a user that may sign in at that instant. That floor is read only here, never
 * by a request's freshness check (which asks the sign-in's own row).
 */
export async function createSignIn(input: NewSignIn): Promise<string | null> {
  const db = await getDb();
  const userAgent = input.userAgent ? input.userAgent.slice(0, USER_AGENT_MAX) : null;
  const [row] = await db
    .insert(userSessions)
    .select(
      db
        .select({
          id: sql<string>`gen_random_uuid()`.as('id'),
          userId: users.id,
          createdAt: sql<Date>`now()`.as('created_at'),
          lastSeenAt: sql<Date>`now()`.as('last_seen_at'),
          expiresAt: sql<Date>`${input.expiresAt.toISOString()}::timestamptz`.as('expires_at'),
          endedAt: sql<Date | null>`null::timestamptz`.as('ended_at'),
          userAgent: sql<string | null>`${userAgent}::text`.as('user_agent'),
        })
        .from(users)
        .where(and(eq(users.id, input.userId), isNull(users.bannedAt), lte(users.minSessionVersion, input.authzVersion))),
    )
    .returning({ id: userSessions.id });
  return row?.id ?? null;
}

/** The user's auth state plus whether one sign-in is still live: what the freshness check needs. */
export type SessionAuthState = UserAuthState & { signInActive: boolean };

/**
 * ONE query for the freshness check's database path: the user's role, versions and ban, and
 * whether the token's sign-in exists, belongs to that user, is not ended and has not expired.
 * Null when the user does not exist.
 */
export async function getSessionAuthState(userId: string, sid: string): Promise<SessionAuthState | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      ...authStateColumns,
      signInActive: sql<boolean>`(${userSessions.id} is not null and ${userSessions.endedAt} is null and ${userSessions.expiresAt} > now())`,
    })
    .from(users)
    .leftJoin(userSessions, and(eq(userSessions.id, sid), eq(userSessions.userId, users.id)))
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

/**
 * Ends every live sign-in of a user (optionally all but one: a password change keeps the device
 * that made it). Call inside a transaction that has already locked the user row.
 */
export async function endSignIns(tx: Tx, userId: string, exceptSignIn?: string): Promise<number> {
  const where = and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), exceptSignIn ? ne(userSessions.id, exceptSignIn) : undefined);
  const rows = await tx.update(userSessions).set({ endedAt: sql`now()` }).where(where).returning({ id: userSessions.id });
  return rows.length;
}

/** A live sign-in as the device list shows it. */
export interface LiveSignIn {
  id: string;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/**
 * The user's live sign-ins (not ended, not expired), most recently active first. Read only by the
 * account's device list and the admin's user page, never on a request's session check.
 */
export async function listLiveSignIns(userId: string): Promise<LiveSignIn[]> {
  const db = await getDb();
  return db
    .select({ id: userSessions.id, userAgent: userSessions.userAgent, createdAt: userSessions.createdAt, lastSeenAt: userSessions.lastSeenAt })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), gt(userSessions.expiresAt, sql`now()`)))
    .orderBy(desc(userSessions.lastSeenAt), desc(userSessions.createdAt));
}

/**
 * Records activity of a sign-in: called when its cookie slides (at most once a day per device),
 * so "last active" has day granularity and the steady path never writes.
 */
export async function touchSignIn(sid: string): Promise<void> {
  const db = await getDb();
  await db.update(userSessions).set({ lastSeenAt: sql`now()` }).where(and(eq(userSessions.id, sid), isNull(userSessions.endedAt)));
}
