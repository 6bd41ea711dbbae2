/**
 * SQL for the authenticator app (`totp_factors`) and recovery codes (`recovery_codes`). Writes run
 * inside the factor change's transaction (`lib/auth/factor-change.ts`); the single-use checks are
 * conditional UPDATEs, so two requests can never both accept one code.
 */
import 'server-only';
import { and, count, eq, gt, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { authChallenges, recoveryCodes, totpFactors, users, webauthnCredentials, type AuthChallengeRow, type TotpFactorRow } from '../schema';
import { authStateColumns, type UserAuthState } from './users';

type Runner = Tx | Awaited<ReturnType<typeof getDb>>;
const runner = async (tx?: Tx): Promise<Runner> => tx ?? (await getDb());

/** The user's TOTP row (pending or confirmed), or null. */
export async function getTotpFactor(userId: string, tx?: Tx): Promise<TotpFactorRow | null> {
  const db = await runner(tx);
  const [row] = await db.select().from(totpFactors).where(eq(totpFactors.userId, userId));
  return row ?? null;
}

/** A new pending set-up, replacing an older pending one (never a confirmed one: the caller checked). */
export async function putPendingTotp(tx: Tx, userId: string, secretEncrypted: string): Promise<void> {
  await tx
    .insert(totpFactors)
    .values({ userId, secretEncrypted })
    .onConflictDoUpdate({ target: totpFactors.userId, set: { secretEncrypted, confirmedAt: null, lastUsedStep: null, createdAt: sql`now()` }, setWhere: isNull(totpFactors.confirmedAt) });
}

/** Activates the pending set-up with its first code's step; false when there is no pending row or the step is not newer. */
export async function confirmTotp(tx: Tx, userId: string, step: number): Promise<boolean> {
  const rows = await tx
    .update(totpFactors)
    .set({ confirmedAt: sql`now()`, lastUsedStep: step })
    .where(and(eq(totpFactors.userId, userId), isNull(totpFactors.confirmedAt), or(isNull(totpFactors.lastUsedStep), lt(totpFactors.lastUsedStep, step))))
    .returning({ userId: totpFactors.userId });
  return rows.length === 1;
}

/**
 * Accepts a code's time step at most once: the stored step only grows. Zero rows → this step (or a
 * later one) was already used: a replay, refused.
 */
export async function acceptTotpStep(userId: string, step: number, tx?: Tx): Promise<boolean> {
  const db = await runner(tx);
  const rows = await db
    .update(totpFactors)
    .set({ lastUsedStep: step })
    .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt), or(isNull(totpFactors.lastUsedStep), lt(totpFactors.lastUsedStep, step))))
    .returning({ userId: totpFactors.userId });
  return rows.length === 1;
}

/** Turns the authenticator app off: the row and every recovery code go. True when there was a confirmed one. */
export async function deleteTotp(tx: Tx, userId: string): Promise<boolean> {
  const rows = await tx.delete(totpFactors).where(eq(totpFactors.userId, userId)).returning({ confirmedAt: totpFactors.confirmedAt });
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  return rows.some((r) => r.confirmedAt !== null);
}

/** Replaces the user's recovery codes with these hashes. */
export async function replaceRecoveryCodes(tx: Tx, userId: string, codeHashes: string[]): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length) await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
}

/** Marks the unused code with this hash used; false when there is none (wrong, or used already). */
export async function spendRecoveryCode(tx: Tx, userId: string, codeHash: string): Promise<boolean> {
  const rows = await tx
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length === 1;
}

export async function countUnusedRecoveryCodes(userId: string, tx?: Tx): Promise<number> {
  const db = await runner(tx);
  const [row] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return Number(row?.n ?? 0);
}

/** The factors summary (`GET /api/user/factors`) in one round trip. */
export async function getFactorSummary(userId: string): Promise<{ totp: boolean; passkeys: number; recoveryCodesLeft: number }> {
  const db = await getDb();
  const [row] = await db
    .select({
      totp: sql<boolean>`exists (select 1 from ${totpFactors} where ${totpFactors.userId} = ${userId} and ${totpFactors.confirmedAt} is not null)`.mapWith(Boolean),
      passkeys: sql<number>`(select count(*) from ${webauthnCredentials} where ${webauthnCredentials.userId} = ${userId})`.mapWith(Number),
      recoveryCodesLeft: sql<number>`(select count(*) from ${recoveryCodes} where ${recoveryCodes.userId} = ${userId} and ${recoveryCodes.usedAt} is null)`.mapWith(Number),
    })
    .from(sql`(select 1) as one`);
  return row ?? { totp: false, passkeys: 0, recoveryCodesLeft: 0 };
}

/** The user's auth state by id (a pending second step re-reads it), or null. */
export async function getUserAuthState(userId: string): Promise<UserAuthState | null> {
  const db = await getDb();
  const [row] = await db.select(authStateColumns).from(users).where(eq(users.id, userId));
  return row ?? null;
}

/** Reads (without taking) the live pending row of this id and binding; null when there is none. */
export async function findLiveChallenge(id: string, purpose: AuthChallengeRow['purpose'], bindingHash: string): Promise<AuthChallengeRow | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(authChallenges)
    .where(and(eq(authChallenges.id, id), eq(authChallenges.purpose, purpose), eq(authChallenges.bindingHash, bindingHash), gt(authChallenges.expiresAt, sql`now()`)));
  return row ?? null;
}
