/**
 * Email + password verification for the Credentials provider, behind the sign-in throttle
 * (`./throttle.ts`: a browser with a valid device cookie for the login is judged on its own counter). One row read (hash, role, version, ban) per attempt; unknown emails spend
 * the same hashing work and the same counters as known ones, so nothing tells them apart.
 *
 * The outcome of the attempt is also left in a per-request slot (`runWithSignInOutcome`), so the
 * Auth.js route can turn a refused attempt into 429 / 503 instead of Auth.js's redirect.
 */
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import { getUserForSignIn } from '@/db/queries/users';
import { isConnectionError } from '@/lib/core/errors';
import { verifyAgainstDummy, verifyPassword } from '@/lib/password';
import { emailSchema, PASSWORD_MAX } from '@/lib/core/validation';
import type { Role } from '@/lib/core/roles';
import { readDeviceToken } from './device-cookie';
import { checkSignInAllowed, clearAttempts, recordFailure, reserveAttempt, isThrottleUnavailable, type Attempt } from './throttle';

const credentialsSchema = z.object({
  email: emailSchema,
  // Checked against the stored hash, so only the bound matters here: refuse absurd input fast.
  password: z.string().min(1).max(PASSWORD_MAX * 4),
});

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  image: string | null;
  role: Role;
  authzVersion: number;
  emailVerified: boolean;
  /** How the sign-in authenticated (`lib/core/auth-methods.ts`); absent: a password. */
  amr?: string[];
}

export type CredentialsFailure = {
  ok: false;
  /** `invalid`: wrong email or password (never says which); `passkey_invalid`: a refused passkey; `unavailable`: database or KV down. */
  code: 'invalid' | 'passkey_invalid' | 'unavailable' | 'rate_limited';
  retryAfterSeconds?: number;
};
export type CredentialsResult = { ok: true; user: SignedInUser } | CredentialsFailure;

const outcomeSlot = new AsyncLocalStorage<{ result?: CredentialsResult }>();

/** Runs `fn` with a slot that receives the outcome of any credentials check made inside it. */
export async function runWithSignInOutcome<T>(fn: () => Promise<T>): Promise<{ value: T; outcome: CredentialsResult | undefined }> {
  const slot: { result?: CredentialsResult } = {};
  const value = await outcomeSlot.run(slot, fn);
  return { value, outcome: slot.result };
}

export interface AttemptContext {
  /** The request's device cookie (`./device-cookie.ts`), if any: valid for this login → a known device. */
  deviceToken?: string;
  /** The clock (tests). */
  at?: number;
}

/** Leaves another sign-in check's outcome (a passkey's) in the slot, for the Auth.js route's 429 / 503. */
export function recordSignInOutcome(result: CredentialsResult): void {
  const slot = outcomeSlot.getStore();
  if (slot) slot.result = result;
}

export async function verifyCredentials(input: unknown, clientAddress: string, context: AttemptContext = {}): Promise<CredentialsResult> {
  const result = await verify(input, clientAddress, context);
  const slot = outcomeSlot.getStore();
  if (slot) slot.result = result;
  return result;
}

const unavailable = { ok: false, code: 'unavailable' } as const;

async function verify(input: unknown, clientAddress: string, { deviceToken, at = Date.now() }: AttemptContext): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid' };
  const { email, password } = parsed.data;
  const attempt: Attempt = { email, address: clientAddress, device: await readDeviceToken(deviceToken, email, at) };

  try {
    const before = await checkSignInAllowed(attempt, at);
    if (before.limited) return { ok: false, code: 'rate_limited', retryAfterSeconds: before.retryAfterSeconds };

    // The database first: an outage answers 503 before any failure is counted.
    let row: Awaited<ReturnType<typeof getUserForSignIn>>;
    try {
      row = await getUserForSignIn(email);
    } catch (err) {
      if (isConnectionError(err)) return unavailable;
      throw err;
    }

    const reserved = await reserveAttempt(attempt, at);
    if (reserved.limited) return { ok: false, code: 'rate_limited', retryAfterSeconds: reserved.retryAfterSeconds };

    const valid = row?.passwordHash ? await verifyPassword(password, row.passwordHash) : await verifyAgainstDummy(password);
    if (!row || !valid || row.bannedAt) {
      await recordFailure(attempt, at).catch(() => {});
      return { ok: false, code: 'invalid' };
    }
    await clearAttempts(attempt, at);
    return {
      ok: true,
      user: {
        id: row.id,
        name: row.name,
        email: row.email,
        image: row.image,
        role: row.role,
        authzVersion: row.authzVersion,
        emailVerified: row.emailVerifiedAt !== null,
      },
    };
  } catch (err) {
    // KV down: fail closed rather than allow unlimited guessing.
    if (isThrottleUnavailable(err)) return unavailable;
    throw err;
  }
}
