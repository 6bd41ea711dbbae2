/**
 * Sign-in throttling: atomic KV counters in fixed 15-minute windows, per account (normalised
 * email, whether or not it exists, so a 429 reveals nothing) and per client (the platform's
 * address only, see `lib/client-address.ts`).
 *
 * - account: at most 5 attempts that were not successes per window. The slot is reserved with an
 *   atomic INCR *before* the password is checked, so N parallel guesses cannot all slip past the
 *   check; a success clears the account's counter.
 * - client: at most 20 failed attempts per window from one address; without a trusted address
 *   every client shares one bucket with a higher limit (100), a site-wide brake on spraying.
 * - once limited, every attempt answers `rate_limited` with the seconds left in the window,
 *   even when the password is right.
 * - KV unreachable: sign-in fails closed (`unavailable`, 503). Without counters, guessing would be
 *   unlimited.
 */
import 'server-only';
import { getKv, isKvUnavailable } from '@/lib/kv';
import { SHARED_CLIENT } from '@/lib/client-address';

export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_ATTEMPT_LIMIT = 5;
export const CLIENT_FAILURE_LIMIT = 20;
export const SHARED_CLIENT_FAILURE_LIMIT = 100;

export class ThrottleUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Sign-in throttle unavailable', { cause });
    this.name = 'ThrottleUnavailableError';
  }
}

export type ThrottleDecision = { limited: false } | { limited: true; retryAfterSeconds: number };

function windowOf(at: number) {
  const index = Math.floor(at / 1000 / SIGN_IN_WINDOW_SECONDS);
  const endsAt = (index + 1) * SIGN_IN_WINDOW_SECONDS;
  return { index, retryAfterSeconds: Math.max(1, endsAt - Math.floor(at / 1000)) };
}

// Keys carry the window index, so Retry-After is known without reading a TTL; the TTL only cleans up.
const accountKey = (email: string, index: number) => `signin:acct:${index}:${email}`;
const clientKey = (address: string, index: number) => `signin:client:${index}:${address}`;
const clientLimit = (address: string) => (address === SHARED_CLIENT ? SHARED_CLIENT_FAILURE_LIMIT : CLIENT_FAILURE_LIMIT);

async function kvCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isKvUnavailable(err)) throw new ThrottleUnavailableError(err);
    throw err;
  }
}

/** Before anything else: refuses at once when either bucket is already full (1 KV read). */
export async function checkSignInAllowed(email: string, address: string, at = Date.now()): Promise<ThrottleDecision> {
  const { index, retryAfterSeconds } = windowOf(at);
  const [account, client] = await kvCall(async () => (await getKv()).mget([accountKey(email, index), clientKey(address, index)]));
  if (Number(account ?? 0) >= ACCOUNT_ATTEMPT_LIMIT || Number(client ?? 0) >= clientLimit(address)) {
    return { limited: true, retryAfterSeconds };
  }
  return { limited: false };
}

/** Atomically reserves one attempt for the account; limited when the reservation exceeds the limit. */
export async function reserveAccountAttempt(email: string, at = Date.now()): Promise<ThrottleDecision> {
  const { index, retryAfterSeconds } = windowOf(at);
  const { value } = await kvCall(async () => (await getKv()).incr(accountKey(email, index), SIGN_IN_WINDOW_SECONDS));
  return value > ACCOUNT_ATTEMPT_LIMIT ? { limited: true, retryAfterSeconds } : { limited: false };
}

/** Counts a failed attempt against the client (the account's slot was already reserved). */
export async function recordClientFailure(address: string, at = Date.now()): Promise<void> {
  const { index } = windowOf(at);
  await kvCall(async () => (await getKv()).incr(clientKey(address, index), SIGN_IN_WINDOW_SECONDS));
}

/** After a successful sign-in: the account's earlier failures are forgiven. Best effort. */
export async function clearAccountAttempts(email: string, at = Date.now()): Promise<void> {
  const { index } = windowOf(at);
  try {
    await (await getKv()).del(accountKey(email, index));
  } catch {
    // The counter expires with its window anyway.
  }
}
