/**
 * Sudo mode: sensitive actions need an authentication within the last `REAUTH_WINDOW_SECONDS`
 * (default 600), decided from the token's `reauthAt` (no database read). Confirming ("Confirm it's
 * you") re-issues this sign-in's cookie (same `sid`, same `authTime`) with a fresh `reauthAt`.
 */
import 'server-only';
import { getEnv, reauthWindowSeconds } from '@/lib/core/env';
import { AppError, isAppError, reauthenticationRequired } from '@/lib/core/errors';
import { withSecondFactor } from '@/lib/core/auth-methods';
import { verifyCurrentPassword } from './current-password';
import { reissueSession } from './session-cookie';
import { verifyTotpForSession } from './second-factor';
import type { AppSession } from './session';

const now = () => Math.floor(Date.now() / 1000);

/** Whether this session authenticated recently enough for a sensitive action. */
export function isRecentlyAuthenticated(session: Pick<AppSession, 'reauthAt'>, at = now()): boolean {
  return at - session.reauthAt <= reauthWindowSeconds(getEnv());
}

/** Route handlers and actions: throws 403 `{ code: "reauthentication-required" }` unless recent; nothing is changed. */
export function requireRecentAuthentication(session: Pick<AppSession, 'reauthAt'> & { via?: string }): void {
  // Sudo mode is for cookie sessions: a personal access token's creation needed it (`./access-tokens.ts`).
  if (session.via === 'token') return;
  if (!isRecentlyAuthenticated(session)) throw reauthenticationRequired();
}

/** What a user offers to confirm it's them: their password, or a code from their authenticator app. */
export type IdentityProof = { password: string } | { code: string };


/** A wrong current password is reported on the proof's own field (`password`). */
async function checkPassword(userId: string, password: string): Promise<void> {
  try {
    await verifyCurrentPassword(userId, password);
  } catch (err) {
    if (isAppError(err) && err.issues?.currentPassword) throw new AppError(err.status, err.message, { password: err.issues.currentPassword }, err.headers);
    throw err;
  }
}

/** A code of the account's authenticator app (`./second-factor.ts`: single use, in the sign-in budget). */
async function checkCode(user: { id: string; email: string }, code: string): Promise<void> {
  await verifyTotpForSession(user, code);
}

/**
 * "Confirm it's you": checks the proof (in the account's sign-in budget, like the login form) and
 * re-issues this sign-in's cookie (same `sid`, same `authTime`) with a fresh `reauthAt`; a code
 * also records the second factor in `amr`. Returns the new authentication time. Throws 422 for a
 * wrong proof, 429 when the budget is spent, 503 on an outage; nothing is re-issued then.
 */
export async function confirmIdentity(session: AppSession, proof: IdentityProof, at = now()): Promise<number> {
  if ('password' in proof) await checkPassword(session.user.id, proof.password);
  else await checkCode(session.user, proof.code);
  const viaCode = 'code' in proof;
  const reissued = await reissueSession(session.user.id, (claims) => ({
    reauthAt: at,
    ...(viaCode ? { amr: withSecondFactor(claims.amr, 'otp') } : {}),
  }));
  if (!reissued) throw new AppError(409, 'This session cannot be re-authenticated here: reload the page and try again.');
  // The rest of this request sees the fresh authentication too.
  session.reauthAt = at;
  return at;
}
