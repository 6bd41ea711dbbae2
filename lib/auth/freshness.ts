/**
 * Authorization that is never stale. `users.authz_version` is bumped in the same transaction as
 * every change that must reach existing tokens at once; KV mirrors it as `authz:<userId>`.
 *
 * - marker equals the token's version → the token is the truth: 0 database reads, 1 KV read;
 * - marker differs, is missing, or KV is unreachable → one database read decides (fail safe):
 *   the user's row and the token's sign-in (`sid`, `user_sessions`) in one query;
 * - database unreachable then → `DependencyUnavailableError` (503), never "allow because unknown".
 *
 * Writers call `beginAuthzChange` (delete the marker; abort if KV refuses) before their
 * transaction and publish the new version INSIDE it, right after the `UPDATE` that bumped the
 * version (`authzPublisher`): the row lock then orders publishes exactly like commits, so two
 * concurrent changes can never leave the older version in KV, and a publish that fails rolls
 * the change back (503) instead of leaving an old marker vouching for revoked tokens. Fills
 * after a miss use `SET NX`, so a reader that saw the pre-commit version never overwrites it.
 */
import 'server-only';
import { getSessionAuthState } from '@/db/queries/sessions';
import type { UserAuthState } from '@/db/queries/users';
import { DependencyUnavailableError, isConnectionError } from '@/lib/core/errors';
import { getKv, isKvUnavailable } from '@/lib/kv';
import { SESSION_ABSOLUTE_MAX_AGE_SECONDS } from '@/lib/core/session-token';
import { type SessionClaims } from '@/lib/core/session-claims';
import type { DecisionRecorder } from '@/lib/telemetry';

/** Markers outlive every token they could be compared with. */
const MARKER_TTL_SECONDS = SESSION_ABSOLUTE_MAX_AGE_SECONDS + 24 * 60 * 60;

export const authzKey = (userId: string) => `authz:${userId}`;

export type Freshness =
  | { kind: 'fresh' }
  /** Still signed in, but role or profile changed: `user` is the database's truth. */
  | { kind: 'stale'; user: UserAuthState }
  /** Banned, deleted, its sign-in ended (sign-out, "sign out everywhere", password change) or expired. */
  | { kind: 'revoked' };

async function readState(claims: SessionClaims, recorder?: DecisionRecorder) {
  try {
    recorder?.dbRead();
    return await getSessionAuthState(claims.id, claims.sid);
  } catch (err) {
    if (isConnectionError(err)) {
      recorder?.outage('database');
      throw new DependencyUnavailableError('database', err);
    }
    throw err;
  }
}

/**
 * Decides whether a decrypted token still speaks for its user (1 KV read, 0 or 1 database read).
 * `recorder`: the request's decision span (`lib/telemetry.ts`), told the KV time, reads and outages.
 * A token of a sign-in that has ended never matches the marker: ending a sign-in bumps the version
 * in the same transaction, and no token of an ended sign-in is minted afterwards (the database
 * path refuses it), so losing KV data can only cost reads, never revive it.
 */
export async function checkFreshness(claims: SessionClaims, recorder?: DecisionRecorder): Promise<Freshness> {
  let marker: string | null = null;
  let kvReachable = true;
  const kvStart = recorder ? performance.now() : 0;
  try {
    marker = await (await getKv()).get(authzKey(claims.id));
    recorder?.kvMs(performance.now() - kvStart);
    if (marker === String(claims.authzVersion)) return { kind: 'fresh' };
  } catch (err) {
    if (!isKvUnavailable(err)) throw err;
    recorder?.kvMs(performance.now() - kvStart);
    recorder?.outage('kv');
    kvReachable = false;
  }

  const state = await readState(claims, recorder);
  if (!state || state.bannedAt || !state.signInActive || claims.authzVersion < state.minSessionVersion) return { kind: 'revoked' };
  if (kvReachable && marker === null) {
    // Refill a missing marker; NX so that a concurrent writer's newer version always wins.
    await fillMarker(claims.id, state.authzVersion);
  }
  if (state.authzVersion === claims.authzVersion) return { kind: 'fresh' };
  const { signInActive: _active, ...user } = state;
  return { kind: 'stale', user };
}

async function fillMarker(userId: string, version: number): Promise<void> {
  try {
    await (await getKv()).set(authzKey(userId), String(version), { nx: true, ttlSeconds: MARKER_TTL_SECONDS });
  } catch {
    // Best effort: a missing marker only costs the next request one database read.
  }
}

/**
 * Before a change that must reach existing tokens: remove the marker so that no request can
 * trust a token of this user until the change is published. Throws (→ 503) when KV refuses,
 * so the change is not made with a marker still vouching for old tokens.
 */
export async function beginAuthzChange(userId: string): Promise<void> {
  try {
    await (await getKv()).del(authzKey(userId));
  } catch (err) {
    throw new DependencyUnavailableError('kv', err);
  }
}

/**
 * The publisher a writer passes to its transaction: called right after the `UPDATE ... RETURNING
 * authz_version` (the row stays locked until commit). Throws `DependencyUnavailableError` when KV
 * refuses, which rolls the change back: a change whose marker was not published is not made.
 * When the commit itself fails after a publish, the marker is ahead of the database: safe (every
 * token of that user is checked against the database) and healed by the next change.
 */
export function authzPublisher(userId: string): (version: number) => Promise<void> {
  return async (version) => {
    try {
      await (await getKv()).set(authzKey(userId), String(version), { ttlSeconds: MARKER_TTL_SECONDS });
    } catch (err) {
      throw new DependencyUnavailableError('kv', err);
    }
  };
}

/**
 * After the commit: publish the new version (for writers that cannot publish under the row
 * lock). A failure leaves the marker missing, which is safe. Prefer `authzPublisher`.
 */
export async function publishAuthzVersion(userId: string, version: number): Promise<void> {
  try {
    await (await getKv()).set(authzKey(userId), String(version), { ttlSeconds: MARKER_TTL_SECONDS });
  } catch {
    // The marker stays deleted: every token of this user is checked against the database.
  }
}
