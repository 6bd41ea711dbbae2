/**
 * SQL across all of a user's second factors (the authenticator app, its recovery codes, passkeys):
 * an admin's reset deletes them together. Each factor's own statements live beside it
 * (`second-factors.ts`, `passkeys.ts`), the summary too (`getFactorSummary`).
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Tx } from '../client';
import { recoveryCodes, totpFactors, webauthnCredentials } from '../schema';

/** Deletes every second factor of the user (its row already locked); returns what there was. */
export async function deleteAllFactors(tx: Tx, userId: string): Promise<{ totp: boolean; passkeys: number; recoveryCodes: number }> {
  const totp = await tx.delete(totpFactors).where(eq(totpFactors.userId, userId)).returning({ confirmedAt: totpFactors.confirmedAt });
  const codes = await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).returning({ id: recoveryCodes.id });
  const keys = await tx.delete(webauthnCredentials).where(eq(webauthnCredentials.userId, userId)).returning({ id: webauthnCredentials.id });
  return { totp: totp.some((t) => t.confirmedAt !== null), passkeys: keys.length, recoveryCodes: codes.length };
}
