/**
 * Writes that must reach existing tokens at once: each bumps `users.authz_version` in the same
 * statement or transaction as the change itself.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '../client';
import { users } from '../schema';

/** Bumps the version and revokes every token issued before it. Returns the new version, or null for no user. */
export async function revokeAllSessions(userId: string, db?: Db | Tx): Promise<number | null> {
  const conn = db ?? (await getDb());
  const [row] = await conn
    .update(users)
    .set({
      authzVersion: sql`${users.authzVersion} + 1`,
      minSessionVersion: sql`${users.authzVersion} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, userId))
    .returning({ authzVersion: users.authzVersion });
  return row?.authzVersion ?? null;
}
