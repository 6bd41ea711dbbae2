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
import { getUserForSignIn, type UserAuthState } from '@/db/queries/users';
import { getUserAuthState } from '@/db/queries/second-factors';
import { isConnectionError } from '@/lib/core/errors';
import { PASSWORD_AND_RECOVERY_CODE, PASSWORD_AND_TOTP } from '@/lib/core/auth-methods';
import { safeRedirectPath } from '@/lib/core/safe-redirect';
import { verifyAgainstDummy, verifyPassword } from '@/lib/password';
import { emailSchema, PASSWORD_MAX } from '@/lib/core/validation';
import type { Role } from '@/lib/core/roles';
import { readDeviceToken } from './device-cookie';
import { checkSignInAllowed, clearAttempts, recordFailure, reserveAttempt, isThrottleUnavailable, type Attempt } from './throttle';
import { checkSecondFactor, type SecondFactorMatch } from './second-factor';
import { clearPendingCookie, consumePendingSecondFactor, readPendingSecondFactor, startPendingSecondFactor } from './two-step-pending';

const credentialsSchema = z.object({
  email: emailSchema,
  // Checked against the stored hash, so only the bound matters here: refuse absurd input fast.
  password: z.string().min(1).max(PASSWORD_MAX * 4),
  /** An account with an authenticator app: its 6-digit code or a recovery code (API clients send it beside the password). */
  code: z.string().max(64).optional(),
  /** The `/login` form: on `second-factor-required`, start this browser's pending second step. */
  twoStep: z.string().optional(),
  callbackUrl: z.unknown().optional(),
});
/** The second step of a browser sign-in (`/login/two-step`): the pending state's cookie says who. */
const pendingStepSchema = z.object({ pending: z.literal('1'), code: z.string().max(64).default('') });

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  image: string | null;
  role: Role;
  authzVersion: number;
  emailVerified: boolean;
  /** How the sign-in authenticated (`lib/core/auth-methods.ts`: `['pwd', 'otp', 'mfa']`, a passkey's); absent: a password. */
  amr?: string[];
}

export type CredentialsFailure = {
  ok: false;
  /**
   * `invalid`: wrong email or password (never says which); `passkey_invalid`: a refused passkey;
   * `unavailable`: database or KV down; `second-factor-required`: the password was right, the
   * account needs its code; `second-factor-invalid`: a wrong (or replayed) code;
   * `second-factor-expired`: no valid pending second step in this browser (used, expired, another
   * browser's, the account changed).
   */
  code: 'invalid' | 'passkey_invalid' | 'unavailable' | 'rate_limited' | 'second-factor-required' | 'second-factor-invalid' | 'second-factor-expired';
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

function signedInUser(row: UserAuthState, amr?: string[]): SignedInUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    image: row.image,
    role: row.role,
    authzVersion: row.authzVersion,
    emailVerified: row.emailVerifiedAt !== null,
    ...(amr ? { amr } : {}),
  };
}

const methodsOf = (match: SecondFactorMatch) => [...(match.method === 'otp' ? PASSWORD_AND_TOTP : PASSWORD_AND_RECOVERY_CODE)];

async function verify(input: unknown, clientAddress: string, context: AttemptContext): Promise<CredentialsResult> {
  const pendingStep = pendingStepSchema.safeParse(input);
  if (pendingStep.success) return verifyPendingStep(pendingStep.data.code.trim(), clientAddress, context);
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid' };
  const { deviceToken, at = Date.now() } = context;
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
    if (row.hasTotp) {
      // The lane is forgiven only once the second factor is proven: the password alone never resets the code budget.
      const code = parsed.data.code?.trim();
      if (!code) {
        if (parsed.data.twoStep === '1') {
          await startPendingSecondFactor({ userId: row.id, authzVersion: row.authzVersion, callbackUrl: safeRedirectPath(parsed.data.callbackUrl) });
        }
        return { ok: false, code: 'second-factor-required' };
      }
      const match = await checkSecondFactor(row.id, code, at);
      if (!match) {
        await recordFailure(attempt, at).catch(() => {});
        return { ok: false, code: 'second-factor-invalid' };
      }
      await clearAttempts(attempt, at);
      return { ok: true, user: signedInUser(match.user ?? row, methodsOf(match)) };
    }
    await clearAttempts(attempt, at);
    return { ok: true, user: signedInUser(row) };
  } catch (err) {
    // KV down: fail closed rather than allow unlimited guessing.
    if (isThrottleUnavailable(err)) return unavailable;
    throw err;
  }
}

/**
 * The second step (`/login/two-step`): this browser's pending state (`./two-step-pending.ts`) names
 * the user; the account must be as it was at the password check (same version, not banned, the
 * app still on). The code is checked inside the sign-in budget, and only a right code takes the
 * pending row (single use: a second request, or a race, finds nothing and gets no session).
 */
async function verifyPendingStep(code: string, clientAddress: string, { deviceToken, at = Date.now() }: AttemptContext): Promise<CredentialsResult> {
  const expired = { ok: false, code: 'second-factor-expired' } as const;
  try {
    let pending: Awaited<ReturnType<typeof readPendingSecondFactor>>;
    let user: UserAuthState | null;
    try {
      pending = await readPendingSecondFactor();
      user = pending ? await getUserAuthState(pending.userId) : null;
    } catch (err) {
      if (isConnectionError(err)) return unavailable;
      throw err;
    }
    if (!pending || !user || user.bannedAt || !user.hasTotp || user.authzVersion !== pending.authzVersion) return expired;
    const attempt: Attempt = { email: user.email, address: clientAddress, device: await readDeviceToken(deviceToken, user.email, at) };
    const before = await checkSignInAllowed(attempt, at);
    if (before.limited) return { ok: false, code: 'rate_limited', retryAfterSeconds: before.retryAfterSeconds };
    const reserved = await reserveAttempt(attempt, at);
    if (reserved.limited) return { ok: false, code: 'rate_limited', retryAfterSeconds: reserved.retryAfterSeconds };
    const match = code ? await checkSecondFactor(user.id, code, at) : null;
    if (!match) {
      await recordFailure(attempt, at).catch(() => {});
      return { ok: false, code: 'second-factor-invalid' };
    }
    if (!(await consumePendingSecondFactor(pending))) return expired;
    await clearAttempts(attempt, at);
    await clearPendingCookie();
    return { ok: true, user: signedInUser(match.user ?? user, methodsOf(match)) };
  } catch (err) {
    if (isThrottleUnavailable(err)) return unavailable;
    if (isConnectionError(err)) return unavailable;
    throw err;
  }
}
