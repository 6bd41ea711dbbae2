/**
 * SQL for `account_tokens`: the emailed one-time tokens (password reset, email verification).
 * Rows hold only the token's SHA-256. A token is consumed in the same transaction as the change
 * it authorises (the `UPDATE ... WHERE used_at IS NULL` under a row lock makes it single-use even
 * for two requests racing with one link), and that change bumps the user's authz version.
 */
import 'server-only';
import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { accountTokens, users } from '../schema';
import { applyAuthzChange, type AuthzChange, type PublishVersion } from './authz';
import { insertAuditEntry, type AuditAction } from './audit';
import type { UserAuthState } from './users';

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

export type ConsumeResult = { status: 'ok'; user: UserAuthState } | { status: TokenProblem };

/**
 * In one transaction: locks the token, re-checks it, marks it (and every other open token of the
 * user for the same purpose) used, applies `change` with a version bump (published under the row
 * lock) and writes the audit entry when `audit` is given. Nothing is written unless all of it is.
 */
export async function consumeAccountToken(
  tokenHash: string,
  purpose: TokenPurpose,
  change: AuthzChange,
  publish: PublishVersion,
  audit?: AuditAction,
): Promise<ConsumeResult> {
  const db = await getDb();
  return db.transaction(async (tx: Tx) => {
    const [row] = await tx
      .select(checkColumns)
      .from(accountTokens)
      .innerJoin(users, eq(users.id, accountTokens.userId))
      .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.purpose, purpose)))
      .for('update', { of: accountTokens });
    const check = verdict(row);
    if (check.status !== 'ok') return check;
    await tx
      .update(accountTokens)
      .set({ usedAt: sql`now()` })
      .where(
        // Open ones only: long-expired rows are `createAccountToken`'s to delete, never locked by both.
        and(eq(accountTokens.userId, check.userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, sql`now()`)),
      );
    const user = await applyAuthzChange(tx, check.userId, change, publish);
    if (!user) return { status: 'unknown' } as const;
    if (audit) await insertAuditEntry(tx, { actorId: user.id, action: audit, targetId: user.id });
    return { status: 'ok', user } as const;
  });
}
