/**
 * The one path of every change that must reach existing tokens at once: a role, a ban or unban,
 * a delete, a password (own change or reset), a sign-out, "sign out everywhere" or "other
 * devices", ending a device, an admin ending a sign-in, a verified email. Nothing else bumps
 * `users.authz_version` or writes the `authz:<userId>` marker (`./freshness.ts` reads it).
 *
 * 1. The marker is removed (KV refuses → 503, nothing changed): until the change is published no
 *    request trusts a token of this user without a database read.
 * 2. One transaction: the user row is locked FIRST (the one lock order: `users` rows, several in
 *    id order via `lockFirst`, then dependent rows), the caller's step runs its own statements on
 *    dependent rows and returns a typed change (or refuses), the change is applied with the
 *    version bump (sign-ins, open links, the delete: `db/queries/authz.ts`).
 * 3. Still under the row lock, the new version is published with a raise-only write (`setMax`):
 *    a late or retried write of an older version (a rolled-back change, a timed-out call landing
 *    after all) can never replace a newer one. A publish that fails rolls the change back (503):
 *    a change whose marker was not published is not made. A marker ahead of the database (the
 *    commit failed after the publish) is safe: it matches no token, so every one is read.
 * 4. A serialization failure or deadlock (SQLSTATE 40001 / 40P01) is retried once; a second one,
 *    like any outage of KV or the database, is `DependencyUnavailableError` (503), never a 500.
 */
import 'server-only';
import {
  applyAuthzChange,
  inAuthzTransaction,
  lockUserForChange,
  type AuthzChange,
  type Tx,
} from '@/db/queries/authz';
import type { UserAuthState } from '@/db/queries/users';
import { DependencyUnavailableError, isConnectionError, isDependencyUnavailable } from '@/lib/core/errors';
import { getKv } from '@/lib/kv';
import { authzKey, MARKER_TTL_SECONDS } from './freshness';

export type { AuthzChange } from '@/db/queries/authz';

/** What a step decides, with the locked row in hand: make `change`, or refuse (nothing bumped). */
export type AuthzStep<T, R = never> = { change: AuthzChange; value: T } | { refuse: R };

export type AuthzOutcome<T, R = never> =
  /** `user`: the row after the change (before a delete). */
  | { status: 'changed'; value: T; user: UserAuthState }
  | { status: 'refused'; reason: R }
  | { status: 'no_user' };

export type AuthzStepFn<T, R, L> = (tx: Tx, user: UserAuthState, locked: L) => Promise<AuthzStep<T, R>>;

export interface ChangeOptions<L> {
  /** Other `users` rows to lock before this one, in id order (the last-admin rule locks every admin). */
  lockFirst?: (tx: Tx) => Promise<L>;
}

const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/** A serialization failure or deadlock anywhere in the cause chain (drizzle wraps the driver's error). */
export function isRetryableConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE_SQLSTATES.has(code)) return true;
  }
  return false;
}

async function removeMarker(userId: string): Promise<void> {
  try {
    await (await getKv()).del(authzKey(userId));
  } catch (err) {
    throw new DependencyUnavailableError('kv', err);
  }
}

async function raiseMarker(userId: string, version: number): Promise<void> {
  try {
    await (await getKv()).setMax(authzKey(userId), version, MARKER_TTL_SECONDS);
  } catch (err) {
    throw new DependencyUnavailableError('kv', err);
  }
}

/** After a rolled-back transaction that had published: best effort, so readers refill from the truth. */
async function dropMarkerQuietly(userId: string): Promise<void> {
  try {
    await (await getKv()).del(authzKey(userId));
  } catch {
    // A marker ahead of the database only costs reads (see 3. above).
  }
}

function asOutage(err: unknown): unknown {
  if (isDependencyUnavailable(err)) return err;
  if (isConnectionError(err) || isRetryableConflict(err)) return new DependencyUnavailableError('database', err);
  return err;
}

/**
 * Makes one authorization change (see the file comment). `step` is either a typed change, or a
 * function that runs the caller's statements with the locked user row and returns one. Returns
 * `no_user` when the user does not exist (nothing written), `refused` when the step refused.
 */
export async function changeAuthorization(userId: string, step: AuthzChange): Promise<AuthzOutcome<undefined>>;
export async function changeAuthorization<T, R = never, L = undefined>(
  userId: string,
  step: AuthzStepFn<T, R, L>,
  options?: ChangeOptions<L>,
): Promise<AuthzOutcome<T, R>>;
export async function changeAuthorization<T, R, L>(
  userId: string,
  step: AuthzChange | AuthzStepFn<T, R, L>,
  options: ChangeOptions<L> = {},
): Promise<AuthzOutcome<T, R>> {
  const plan: AuthzStepFn<T, R, L> = typeof step === 'function' ? step : async () => ({ change: step, value: undefined as T });
  await removeMarker(userId);
  for (let attempt = 1; ; attempt++) {
    let published = false;
    try {
      return await inAuthzTransaction(async (tx): Promise<AuthzOutcome<T, R>> => {
        const locked = (options.lockFirst ? await options.lockFirst(tx) : undefined) as L;
        const user = await lockUserForChange(tx, userId);
        if (!user) return { status: 'no_user' };
        const decided = await plan(tx, user, locked);
        if ('refuse' in decided) return { status: 'refused', reason: decided.refuse };
        const after = await applyAuthzChange(tx, userId, decided.change);
        // The row is locked by this transaction: it cannot have gone in between.
        if (!after) return { status: 'no_user' };
        published = true;
        await raiseMarker(userId, after.authzVersion);
        return { status: 'changed', value: decided.value, user: after };
      });
    } catch (err) {
      if (published) await dropMarkerQuietly(userId);
      if (attempt === 1 && isRetryableConflict(err)) continue;
      throw asOutage(err);
    }
  }
}
