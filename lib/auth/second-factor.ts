/**
 * The authenticator app and recovery codes of an account: set-up (pending, then confirmed with a
 * first code), turning it off, new recovery codes, and checking a code at sign-in. Every write of
 * a factor goes through `changeFactors` (audited, mailed, the user's version bumped so every other
 * token re-reads `amr`). A code is accepted at most once (the stored time step only grows; a
 * recovery code is marked used by a conditional UPDATE). Wrong codes count in the account's
 * sign-in budget (`./throttle.ts`), in this browser's lane.
 */
import 'server-only';
import { createHash, randomInt } from 'node:crypto';
import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import {
  confirmTotp,
  countUnusedRecoveryCodes,
  deleteTotp,
  getFactorSummary,
  getTotpFactor,
  putPendingTotp,
  replaceRecoveryCodes,
  spendRecoveryCode,
  acceptTotpStep,
} from '@/db/queries/second-factors';
import type { UserAuthState } from '@/db/queries/users';
import { clientAddressFromHeaders } from '@/lib/client-address';
import { AppError, DependencyUnavailableError, validationFailed } from '@/lib/core/errors';
import { normalizeEmail } from '@/lib/core/validation';
import { withSecondFactor } from '@/lib/core/auth-methods';
import { SIGN_IN_FAILURES } from '@/lib/sign-in-messages';
import { knownDevice } from './device-cookie';
import { changeFactors } from './factor-change';
import { claimsOf, reissueSession } from './session-cookie';
import { checkSignInAllowed, clearAttempts, isThrottleUnavailable, recordFailure, reserveAttempt, type Attempt } from './throttle';
import { decryptTotpSecret, encryptTotpSecret, matchTotpCode, newTotpSecret, normalizeTotpCode, totpUrl } from './totp';

export const RECOVERY_CODE_COUNT = 10;
// 32 symbols (5 bits each) without 0/o, 1/l: 10 symbols = 50 bits per code.
const RECOVERY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const WRONG_CODE = 'That code is not correct. Check your authenticator app and try again.';
export const TOTP_ALREADY_ON = 'Two-step verification is already on';
export const TOTP_NOT_ON = 'Two-step verification is not on';
export const NO_PENDING_SETUP = 'Start the set-up again: there is no authenticator app waiting for a code';

// ---------------------------------------------------------------------------------------------
// Recovery codes

export function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** The canonical form of a typed recovery code (case, spaces and dashes ignored); null when it cannot be one. */
export function normalizeRecoveryCode(code: string): string | null {
  const s = code.toLowerCase().replace(/[\s-]/g, '');
  if (s.length !== 10) return null;
  for (const ch of s) if (!RECOVERY_ALPHABET.includes(ch)) return null;
  return s;
}

const hashRecoveryCode = (normalized: string) => createHash('sha256').update(normalized).digest('hex');

function newRecoveryCodeSet(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return { codes, hashes: codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)) };
}

// ---------------------------------------------------------------------------------------------
// The sign-in budget for codes

const tooMany = (retryAfterSeconds: number) =>
  new AppError(429, SIGN_IN_FAILURES.rate_limited.form, { code: [SIGN_IN_FAILURES.rate_limited.form] }, { 'Retry-After': String(retryAfterSeconds) });

/** The attempt of this request for the account `email` (its lane: this browser as a known device, or the account). */
export async function attemptFor(email: string): Promise<Attempt> {
  const requestHeaders = await headers();
  const normalized = normalizeEmail(email);
  return { email: normalized, address: clientAddressFromHeaders(requestHeaders), device: await knownDevice(requestHeaders, normalized) };
}

/**
 * Runs `check` inside the sign-in budget: refused (429) when the lane is spent, even for a right
 * code; a false result is a failure counted against the client; a true one forgives the lane.
 */
async function withinBudget<T>(email: string, check: () => Promise<T | null>, at = Date.now()): Promise<T | null> {
  const attempt = await attemptFor(email);
  try {
    const before = await checkSignInAllowed(attempt, at);
    if (before.limited) throw tooMany(before.retryAfterSeconds);
    const reserved = await reserveAttempt(attempt, at);
    if (reserved.limited) throw tooMany(reserved.retryAfterSeconds);
    const result = await check();
    if (result === null) await recordFailure(attempt, at).catch(() => {});
    else await clearAttempts(attempt, at);
    return result;
  } catch (err) {
    if (isThrottleUnavailable(err)) throw new DependencyUnavailableError('kv', err);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Set-up, turning off, new recovery codes

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

/** A new pending set-up (replacing an older pending one); 409 when the app is already on. */
export async function startTotpSetup(user: { id: string; email: string }): Promise<TotpSetup> {
  const secret = newTotpSecret();
  const encrypted = encryptTotpSecret(secret);
  const db = await getDb();
  // Not yet a factor (nothing signs in with it, `hasTotp` reads confirmed rows only): no audit, no version bump.
  const started = await db.transaction(async (tx) => {
    const existing = await getTotpFactor(user.id, tx);
    if (existing?.confirmedAt) return false;
    await putPendingTotp(tx, user.id, encrypted);
    return true;
  });
  if (!started) throw new AppError(409, TOTP_ALREADY_ON);
  return { secret, otpauthUrl: totpUrl(secret, user.email) };
}

/** The pending set-up's secret and URL, for showing it again (the Security page); null without one. */
export async function pendingTotpSetup(user: { id: string; email: string }): Promise<TotpSetup | null> {
  const row = await getTotpFactor(user.id);
  if (!row || row.confirmedAt) return null;
  const secret = decryptTotpSecret(row.secretEncrypted);
  return secret ? { secret, otpauthUrl: totpUrl(secret, user.email) } : null;
}

/**
 * Confirms the pending set-up with a first code: the app is on, 10 recovery codes replace any old
 * ones, and this browser's cookie is re-issued with `otp`/`mfa` and a fresh `reauthAt`. 422 for a
 * wrong code (counted in the budget), 409 without a pending set-up or with the app already on.
 */
export async function confirmTotpSetup(user: { id: string; email: string }, code: string, at = Date.now()): Promise<{ recoveryCodes: string[] }> {
  const row = await getTotpFactor(user.id);
  if (!row) throw new AppError(409, NO_PENDING_SETUP);
  if (row.confirmedAt) throw new AppError(409, TOTP_ALREADY_ON);
  const secret = decryptTotpSecret(row.secretEncrypted);
  if (!secret) throw new AppError(409, NO_PENDING_SETUP);
  const step = await withinBudget(user.email, () => matchTotpCode(secret, code, at), at);
  if (step === null) throw validationFailed({ code: [WRONG_CODE] });
  const { codes, hashes } = newRecoveryCodeSet();
  const outcome = await changeFactors<string[]>(user.id, {
    audit: { action: 'factor.totp_enabled' },
    apply: async (tx) => {
      if (!(await confirmTotp(tx, user.id, step))) return { refuse: 'not pending' };
      await replaceRecoveryCodes(tx, user.id, hashes);
      return {
        value: codes,
        notice: {
          subject: 'Two-step verification was turned on',
          lines: ['Two-step verification was turned on for your account: signing in now needs a code from your authenticator app.', 'Keep your recovery codes somewhere safe.'],
        },
      };
    },
  });
  if (outcome.status !== 'changed') throw new AppError(409, outcome.status === 'no_user' ? 'Account not found' : NO_PENDING_SETUP);
  const reauthAt = Math.floor(at / 1000);
  await reissueSession(user.id, (claims) => ({ ...claimsOf(outcome.user, withSecondFactor(claims.amr, 'otp')), reauthAt }));
  return { recoveryCodes: outcome.value };
}

/** Turns the authenticator app off (its recovery codes go with it); 409 when it is not on. */
export async function disableTotp(userId: string): Promise<void> {
  const outcome = await changeFactors(userId, {
    audit: { action: 'factor.totp_disabled' },
    apply: async (tx, user) => {
      if (!user.hasTotp) return { refuse: 'not on' };
      await deleteTotp(tx, userId);
      return {
        value: undefined,
        notice: { subject: 'Two-step verification was turned off', lines: ['Two-step verification was turned off for your account: signing in needs only your password now.'] },
      };
    },
  });
  if (outcome.status !== 'changed') throw new AppError(409, TOTP_NOT_ON);
  await reissueSession(userId, (claims) => claimsOf(outcome.user, claims.amr));
}

/** A new set of 10 recovery codes; the old ones stop working. 409 when the app is not on. */
export async function regenerateRecoveryCodes(userId: string): Promise<{ recoveryCodes: string[] }> {
  const { codes, hashes } = newRecoveryCodeSet();
  const outcome = await changeFactors<string[]>(userId, {
    audit: { action: 'factor.recovery_codes_generated' },
    apply: async (tx, user) => {
      if (!user.hasTotp) return { refuse: 'not on' };
      await replaceRecoveryCodes(tx, userId, hashes);
      return { value: codes, notice: { subject: 'New recovery codes were generated', lines: ['New recovery codes were generated for your account; the old ones no longer work.'] } };
    },
  });
  if (outcome.status !== 'changed') throw new AppError(409, TOTP_NOT_ON);
  await reissueSession(userId, (claims) => claimsOf(outcome.user, claims.amr));
  return { recoveryCodes: outcome.value };
}

export { getFactorSummary };

/**
 * "Confirm it's you" with a code from the app (sudo mode, `./reauth.ts`): a 6-digit code of the
 * account's active app, accepted once, inside the sign-in budget. 422 `{ code }` when wrong (or
 * the account has no app), 429 once the budget is spent.
 */
export async function verifyTotpForSession(user: { id: string; email: string }, code: string, at = Date.now()): Promise<void> {
  const accepted = await withinBudget(
    user.email,
    async () => {
      const row = await getTotpFactor(user.id);
      const secret = row?.confirmedAt ? decryptTotpSecret(row.secretEncrypted) : null;
      const step = secret ? await matchTotpCode(secret, code, at) : null;
      return step !== null && (await acceptTotpStep(user.id, step)) ? true : null;
    },
    at,
  );
  if (!accepted) throw validationFailed({ code: [WRONG_CODE] });
}

// ---------------------------------------------------------------------------------------------
// Checking a code at sign-in

export type SecondFactorMatch = { method: 'otp'; user?: undefined } | { method: 'rec'; user: UserAuthState };

/**
 * Checks a sign-in's code for the account: a 6-digit code from the app (its time step accepted
 * once) or an unused recovery code (marked used, audited and mailed with the number left). Null
 * when it is neither. The throttle is the caller's.
 */
export async function checkSecondFactor(userId: string, code: string, at = Date.now()): Promise<SecondFactorMatch | null> {
  if (normalizeTotpCode(code)) {
    const row = await getTotpFactor(userId);
    if (!row?.confirmedAt) return null;
    const secret = decryptTotpSecret(row.secretEncrypted);
    if (!secret) return null;
    const step = await matchTotpCode(secret, code, at);
    if (step === null) return null;
    return (await acceptTotpStep(userId, step)) ? { method: 'otp' } : null;
  }
  const normalized = normalizeRecoveryCode(code);
  if (!normalized) return null;
  const outcome = await changeFactors<number>(userId, {
    audit: { action: 'factor.recovery_code_used' },
    apply: async (tx, user) => {
      if (!user.hasTotp || !(await spendRecoveryCode(tx, userId, hashRecoveryCode(normalized)))) return { refuse: 'no such code' };
      const left = await countUnusedRecoveryCodes(userId, tx);
      return {
        value: left,
        notice: {
          subject: `A recovery code was used — ${left} left`,
          lines: [`A recovery code was used to sign in to your account. ${left} recovery code${left === 1 ? '' : 's'} left.`, 'Generate new ones on the Security page when few are left.'],
        },
      };
    },
  });
  return outcome.status === 'changed' ? { method: 'rec', user: outcome.user } : null;
}
