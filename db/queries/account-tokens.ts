/**
 * SQL for `account_tokens`: the emailed one-time tokens (password reset, email verification).
 * Rows hold only the token's SHA-256. A token is consumed in the same transaction as the change
 * it authorises (the `UPDATE ... WHERE used_at IS NULL` under a row lock makes it single-use even
 * for two requests racing with one link), and that change bumps the user's authz version
 * (`changeAuthorization`, which locks the user row before any token row).
 */
import 'server-only';
import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { accountTokens, users } from '../schema';

export type TokenPurpose = (typeof accountTokens.$inferSelect)['purpose'];

/** Why a token cannot be used; `refused`: the user is banned. Unknown covers tampered and deleted users' tokens. */
export type TokenProblem = 'unknown' | 'used' | 'expired' | 'refused';
export type TokenCheck = { status: 'ok'; userId: string; email: string } | { status: TokenProblem };

/** Stores a new token (its hash) and drops the user's long-expired ones of the same purpose. Returns its id. */
export async function createAccountToken(userId: string, purpose: TokenPurpose, tokenHash: string, expiresAt: Date): Promise<string> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx
      .delete(accountTokens)
      .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), lte(accountTokens.expiresAt, sql`now() - interval '1 day'`)));
    const [row] = await tx.insert(accountTokens).values({ userId, purpose, tokenHash, expiresAt }).returning({ id: accountTokens.id });
    return row!.id;
  });
}

/** Removes a token whose message could not be sent: the link never reached anyone and must not work. */
export async function deleteAccountToken(id: string): Promise<void> {
  const db = await getDb();
  await db.delete(accountTokens).where(eq(accountTokens.id, id));
}

const checkColumns = {
  id: accountTokens.id,
  userId: accountTokens.userId,
  email: users.email,
  used: sql<boolean>`${accountTokens.usedAt} is not null`,
  expired: sql<boolean>`${accountTokens.expiresAt} <= now()`,
  banned: sql<boolean>`${users.bannedAt} is not null`,
};

type CheckRow = { id: string; userId: string; email: string; used: boolean; expired: boolean; banned: boolean };

function verdict(row: CheckRow | undefined): TokenCheck {
  if (!row) return { status: 'unknown' };
  if (row.used) return { status: 'used' };
  if (row.expired) return { status: 'expired' };
  if (row.banned) return { status: 'refused' };
  return { status: 'ok', userId: row.userId, email: row.email };
}

/** Read-only: whether a token could be used now (the reset page's first look; changes nothing). */
export async function checkAccountToken(tokenHash: string, purpose: TokenPurpose): Promise<TokenCheck> {
  const db = await getDb();
  const [row] = await db
    .select(checkColumns)
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.purpose, purpose)))
    .limit(1);
  return verdict(row);
}

/**
 * Consumes a token inside an authorization change (`changeAuthorization` has locked the user row
 * first: the one lock order). Locks the token, re-checks it (it must still be `userId`'s, unused,
 * unexpired, the user not banned), and marks it and every other open token of the user for the
 * same purpose used. Returns the verdict; nothing is marked unless it is `ok`.
 */
export async function consumeAccountToken(tx: Tx, userId: string, tokenHash: string, purpose: TokenPurpose): Promise<TokenCheck> {
  const [row] = await tx
    .select(checkColumns)
    .from(accountTokens)
    .innerJoin(users, eq(users.id, accountTokens.userId))
    .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.purpose, purpose), eq(accountTokens.userId, userId)))
    .for('update', { of: accountTokens });
  const check = verdict(row);
  if (check.status !== 'ok') return check;
  await tx
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(
      // Open ones only: long-expired rows are `createAccountToken`'s to delete, never locked by both.
      and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, sql`now()`)),
    );
  return check;
}

/**
 * Every open link of the account (reset and verification) stops working: part of a password
 * change, a ban, "sign out everywhere" and an admin revoke (`AuthzChange.endLinks`). Deleted, not
 * marked used: such a link then reads "not valid, ask for a new one", which is what happened.
 */
export async function endOpenAccountTokens(tx: Tx, userId: string): Promise<number> {
  const rows = await tx
    .delete(accountTokens)
    .where(and(eq(accountTokens.userId, userId), isNull(accountTokens.usedAt)))
    .returning({ id: accountTokens.id });
  return rows.length;
}
