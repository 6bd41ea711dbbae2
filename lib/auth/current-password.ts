/**
 * Checking a signed-in user's current password (the password change now; re-authentication next):
 * it counts in the same sign-in budget as the login form (`./throttle.ts`), in this browser's lane
 * (its own counter as a known device, the account's lockout for unknown clients), with the slot
 * reserved before the hash is checked. Otherwise a stolen session could guess past the lockout.
 */
import 'server-only';
import { headers } from 'next/headers';
import { getPasswordCheck } from '@/db/queries/users';
import { clientAddressFromHeaders } from '@/lib/client-address';
import { AppError, DependencyUnavailableError } from '@/lib/core/errors';
import { normalizeEmail } from '@/lib/core/validation';
import { verifyAgainstDummy, verifyPassword } from '@/lib/password';
import { SIGN_IN_FAILURES } from '@/lib/sign-in-messages';
import { knownDevice } from './device-cookie';
import { checkSignInAllowed, clearAttempts, recordFailure, reserveAttempt, isThrottleUnavailable, type Attempt } from './throttle';

export const WRONG_CURRENT_PASSWORD = 'The current password is not correct';
const TOO_MANY = SIGN_IN_FAILURES.rate_limited.form;

const wrong = () => new AppError(422, 'Validation failed', { currentPassword: [WRONG_CURRENT_PASSWORD] });
const tooMany = (retryAfterSeconds: number) =>
  new AppError(429, TOO_MANY, { currentPassword: [TOO_MANY] }, { 'Retry-After': String(retryAfterSeconds) });

/**
 * Resolves with the stored hash when `password` is the user's current one; throws 422 (wrong), 429
 * with `Retry-After` (this lane's budget is spent, even for the right password) or 503 (KV down).
 */
export async function verifyCurrentPassword(userId: string, password: string, at = Date.now()): Promise<string> {
  const requestHeaders = await headers();
  const row = await getPasswordCheck(userId);
  if (!row) throw wrong();
  const email = normalizeEmail(row.email);
  const attempt: Attempt = { email, address: clientAddressFromHeaders(requestHeaders), device: await knownDevice(requestHeaders, email) };
  try {
    const before = await checkSignInAllowed(attempt, at);
    if (before.limited) throw tooMany(before.retryAfterSeconds);
    const reserved = await reserveAttempt(attempt, at);
    if (reserved.limited) throw tooMany(reserved.retryAfterSeconds);
    const valid = row.passwordHash ? await verifyPassword(password, row.passwordHash) : await verifyAgainstDummy(password);
    if (!valid || !row.passwordHash) {
      await recordFailure(attempt, at).catch(() => {});
      throw wrong();
    }
    await clearAttempts(attempt, at);
    return row.passwordHash;
  } catch (err) {
    if (isThrottleUnavailable(err)) throw new DependencyUnavailableError('kv', err);
    throw err;
  }
}
