/**
 * SQL across all of a user's second factors (the authenticator app, its recovery codes, passkeys):
 * the summary the admin page and the factors endpoint show, and an admin's reset. Each factor's own
 * statements live beside it; this file only reads and deletes them together.
 */
import 'server-only';
import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { recoveryCodes, totpFactors, webauthnCredentials } from '../schema';

export interface FactorSummary {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

/** Whether TOTP is on, how many passkeys and unused recovery codes (three small indexed counts). */
export async function getFactorSummary(userId: string, tx?: Tx): Promise<FactorSummary> {
  const db = tx ?? (await getDb());
  const [totp] = await db.select({ n: count() }).from(totpFactors).where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt)));
  const [passkeys] = await db.select({ n: count() }).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId));
  const [codes] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { totp: Number(totp?.n ?? 0) > 0, passkeys: Number(passkeys?.n ?? 0), recoveryCodesLeft: Number(codes?.n ?? 0) };
}

/** Deletes every second factor of the user (its row already locked); returns what there was. */
export async function deleteAllFactors(tx: Tx, userId: string): Promise<{ totp: boolean; passkeys: number; recoveryCodes: number }> {
  const totp = await tx.delete(totpFactors).where(eq(totpFactors.userId, userId)).returning({ confirmedAt: totpFactors.confirmedAt });
  const codes = await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).returning({ id: recoveryCodes.id });
  const keys = await tx.delete(webauthnCredentials).where(eq(webauthnCredentials.userId, userId)).returning({ id: webauthnCredentials.id });
  return { totp: totp.some((t) => t.confirmedAt !== null), passkeys: keys.length, recoveryCodes: codes.length };
}
