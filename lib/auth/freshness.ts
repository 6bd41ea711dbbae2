/**
 * Authorization that is never stale. `users.authz_version` is bumped in the same transaction as
 * every change that must reach existing tokens at once; KV mirrors it as `authz:<userId>`.
 *
 * - marker equals the token's version → the token is the truth: 0 database reads, 1 KV read;
 * - marker differs, is missing, or KV is unreachable → one database read decides (fail safe):
 *   the user's row and the token's sign-in (`sid`, `user_sessions`) in one query;
 * - database unreachable then → `DependencyUnavailableError` (503), never "allow because unknown".
 *
 * This file only reads and refills the marker. Every writer goes through `changeAuthorization`
 * (`./change-authorization.ts`): marker removed, one transaction that bumps the version, the new
 * version published with a raise-only write under the row lock. Fills after a miss use `SET NX`,
 * so a reader that saw the pre-commit version never overwrites a newer marker.
 *
 * A token's sign-in (`sid`) decides whether it is still a session, never a per-user version
 * floor: "sign out other devices" and a password change END the other sign-ins, so this device's
 * tokens of an older version (a second tab's in-flight request) are stale (re-issued), not revoked.
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
export const MARKER_TTL_SECONDS = SESSION_ABSOLUTE_MAX_AGE_SECONDS + 24 * 60 * 60;

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
  if (!state || state.bannedAt || !state.signInActive) return { kind: 'revoked' };
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
