/**
 * Reads that do not wait for the freshness check. A protected request used to pay the KV
 * freshness read and then its own database reads, in series; here the token is decrypted first
 * (no I/O), the caller's reads keyed by the user id it names start at once, and the check runs
 * beside them. Nothing read is handed back before the check has decided:
 *
 * - the check fails (redirect, 401, 403, 503) → its answer, exactly as without `withSession`; the
 *   read started early is discarded unseen (at most that one read of extra database work);
 * - the check passes for the user and role the token claimed → the early read is the answer;
 * - the database's truth differs (a role change; the stale path) → the early read is discarded
 *   and `read` runs again for the session the check returned.
 *
 * `read` must only read: writes wait for the session (route handlers' writes never get here).
 */
import 'server-only';
import type { Role } from '@/lib/core/roles';
import type { AppSession } from './session';
import { requestSessionCookie } from './session';

/** Who the token claims to be, before the check: enough to key reads, never to show or decide. */
export interface ClaimedUser {
  id: string;
  role: Role;
}

/** The user the request's token names, or null (no cookie, or not a session of ours). Decrypt only. */
export async function claimedUser(): Promise<ClaimedUser | null> {
  const claims = (await requestSessionCookie())?.claims;
  return claims ? { id: claims.id, role: claims.role } : null;
}

/** `read` started now, its rejection handled here so a discarded read is never an unhandled rejection. */
function start<T>(read: (user: ClaimedUser) => Promise<T>, user: ClaimedUser): Promise<T> {
  const pending = (async () => read(user))();
  pending.catch(() => {});
  return pending;
}

/**
 * Runs `check` (`requireAuth`, `requireAdmin`, `requireApiSession`, …) and `read` for the user the
 * token names at the same time; returns both once the check has passed.
 */
export async function withSession<S extends AppSession, T>(
  check: () => Promise<S>,
  read: (user: ClaimedUser) => Promise<T>,
): Promise<{ session: S; data: T }> {
  const claimed = await claimedUser();
  const early = claimed ? start(read, claimed) : null;
  const session = await check();
  const { id, role } = session.user;
  const data = early && claimed?.id === id && claimed.role === role ? await early : await read({ id, role });
  return { session, data };
}
