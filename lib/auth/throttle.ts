/**
 * Sign-in throttling after OWASP's device-cookie scheme: atomic KV counters in fixed 15-minute
 * windows, each attempt judged in one of two lanes.
 *
 * - known device (the browser carries a valid device cookie for this login, `./device-cookie.ts`):
 *   at most 5 attempts that were not successes per window, counted for that device alone. Nothing
 *   other clients do can fill it, so an attacker can never lock the owner's browser out.
 * - unknown device: at most 5 per window per account (normalised email, whether or not it exists,
 *   so a 429 reveals nothing), shared by every unknown client: the "untrusted clients" lockout.
 *   With a trusted client address (`lib/client-address.ts`) also at most 20 failures per window
 *   from that address (spraying). Without one there is no per-client count at all: one bucket
 *   shared by every client would let a single client lock everyone out.
 *
 * The slot is reserved with an atomic INCR *before* the password is checked, so N parallel guesses
 * cannot all slip past the check; a success clears its lane's counter. Once limited, every attempt
 * in that lane answers `rate_limited` with the seconds left, even with the right password.
 * KV unreachable: fail closed (`unavailable`, 503), since without counters guessing is unlimited.
 */
import 'server-only';
import { getKv, isKvUnavailable } from '@/lib/kv';
import { SHARED_CLIENT } from '@/lib/client-address';

export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_ATTEMPT_LIMIT = 5;
export const DEVICE_ATTEMPT_LIMIT = 5;
export const CLIENT_FAILURE_LIMIT = 20;

export class ThrottleUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('Sign-in throttle unavailable', { cause });
    this.name = 'ThrottleUnavailableError';
  }
}

/** Recognised by name, not `instanceof` (the error may come from another server bundle). */
export function isThrottleUnavailable(err: unknown): boolean {
  return err instanceof Error && err.name === 'ThrottleUnavailableError';
}

export type ThrottleDecision = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Who is attempting: the normalised login, the client address, and the device id when the browser is a known device of that login. */
export interface Attempt {
  email: string;
  address: string;
  device: string | null;
}

function windowOf(at: number) {
  const index = Math.floor(at / 1000 / SIGN_IN_WINDOW_SECONDS);
  const endsAt = (index + 1) * SIGN_IN_WINDOW_SECONDS;
  return { index, retryAfterSeconds: Math.max(1, endsAt - Math.floor(at / 1000)) };
}

// Keys carry the window index, so Retry-After is known without reading a TTL; the TTL only cleans up.
const accountKey = (email: string, index: number) => `signin:acct:${index}:${email}`;
const deviceKey = (email: string, device: string, index: number) => `signin:device:${index}:${email}:${device}`;
const clientKey = (address: string, index: number) => `signin:client:${index}:${address}`;
const countsPerClient = (address: string) => address !== SHARED_CLIENT;
/** The counter an attempt reserves its slot in, and that counter's limit. */
const laneOf = ({ email, device }: Attempt, index: number) =>
  device ? { key: deviceKey(email, device, index), limit: DEVICE_ATTEMPT_LIMIT } : { key: accountKey(email, index), limit: ACCOUNT_ATTEMPT_LIMIT };

async function kvCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isKvUnavailable(err)) throw new ThrottleUnavailableError(err);
    throw err;
  }
}

/** Before anything else: refuses at once when a bucket of the attempt's lane is already full (1 KV read). */
export async function checkSignInAllowed(attempt: Attempt, at = Date.now()): Promise<ThrottleDecision> {
  const { index, retryAfterSeconds } = windowOf(at);
  const lane = laneOf(attempt, index);
  const perClient = !attempt.device && countsPerClient(attempt.address);
  const keys = perClient ? [lane.key, clientKey(attempt.address, index)] : [lane.key];
  const [own, client] = await kvCall(async () => (await getKv()).mget(keys));
  if (Number(own ?? 0) >= lane.limit || (perClient && Number(client ?? 0) >= CLIENT_FAILURE_LIMIT)) {
    return { limited: true, retryAfterSeconds };
  }
  return { limited: false };
}

/** Atomically reserves one attempt in the attempt's lane; limited when the reservation exceeds the limit. */
export async function reserveAttempt(attempt: Attempt, at = Date.now()): Promise<ThrottleDecision> {
  const { index, retryAfterSeconds } = windowOf(at);
  const lane = laneOf(attempt, index);
  const { value } = await kvCall(async () => (await getKv()).incr(lane.key, SIGN_IN_WINDOW_SECONDS));
  return value > lane.limit ? { limited: true, retryAfterSeconds } : { limited: false };
}

/** Counts a failed attempt of an unknown device against its (trusted) client address; the lane's slot was already reserved. */
export async function recordFailure(attempt: Attempt, at = Date.now()): Promise<void> {
  if (attempt.device || !countsPerClient(attempt.address)) return;
  const { index } = windowOf(at);
  await kvCall(async () => (await getKv()).incr(clientKey(attempt.address, index), SIGN_IN_WINDOW_SECONDS));
}

/**
 * Passkey sign-ins (no login is known before the assertion is verified): only the client-address
 * lane, and only with a trusted client address, as for unknown devices above. Refuses at once
 * when this address already failed `CLIENT_FAILURE_LIMIT` times in the window.
 */
export async function checkClientAllowed(address: string, at = Date.now()): Promise<ThrottleDecision> {
  if (!countsPerClient(address)) return { limited: false };
  const { index, retryAfterSeconds } = windowOf(at);
  const [count] = await kvCall(async () => (await getKv()).mget([clientKey(address, index)]));
  return Number(count ?? 0) >= CLIENT_FAILURE_LIMIT ? { limited: true, retryAfterSeconds } : { limited: false };
}

/** Counts a refused passkey sign-in against its (trusted) client address. */
export async function recordClientFailure(address: string, at = Date.now()): Promise<void> {
  if (!countsPerClient(address)) return;
  const { index } = windowOf(at);
  await kvCall(async () => (await getKv()).incr(clientKey(address, index), SIGN_IN_WINDOW_SECONDS));
}

/** After a success: the lane's earlier failures are forgiven. Best effort. */
export async function clearAttempts(attempt: Pick<Attempt, 'email' | 'device'>, at = Date.now()): Promise<void> {
  const { index } = windowOf(at);
  try {
    await (await getKv()).del(laneOf({ ...attempt, address: SHARED_CLIENT }, index).key);
  } catch {
    // The counter expires with its window anyway.
  }
}
