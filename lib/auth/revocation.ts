/**
 * Ending sessions, with PostgreSQL as the truth. A sign-out ends the sign-in (`user_sessions`
 * row of the token's `sid`) and bumps the user's authz version in one transaction, so every token
 * descending from that sign-in is refused from the next request on, on every surface, and still
 * after KV loses its data. Nothing about a sign-out lives only in KV.
 *
 * Each is one `changeAuthorization` (all or nothing): when KV or the database refuses, the change
 * is not made and `DependencyUnavailableError` (503) is thrown: the caller must then keep the
 * cookie and answer the error, never report a sign-out that did not happen.
 */
import 'server-only';
import { insertAuditEntry } from '@/db/queries/audit';
import { endOneSignIn } from '@/db/queries/authz';
import { notFound } from '@/lib/core/errors';
import { changeAuthorization } from './change-authorization';
import { claimsFrom, readSessionCookie, reissueSession } from './session-cookie';

/**
 * Ends one sign-in of a user. Returns false when there was nothing to end (unknown, another
 * user's, already ended). Throws `DependencyUnavailableError` (nothing changed) when KV or the
 * database cannot take the change. `actorId`: an admin doing it (audited in the same transaction).
 */
export async function endSignInOf(userId: string, sid: string, options: { actorId?: string } = {}): Promise<boolean> {
  const outcome = await changeAuthorization(userId, async (tx) => {
    if (!(await endOneSignIn(tx, userId, sid))) return { refuse: false };
    if (options.actorId) await insertAuditEntry(tx, { actorId: options.actorId, action: 'user.session_ended', targetId: userId, details: { sessionId: sid } });
    return { change: {}, value: true };
  });
  return outcome.status === 'changed';
}

/**
 * "Sign out all other devices": every sign-in of the user but `keepSignIn` ends, and this
 * request's cookie is re-issued with the new version so this device continues (its other
 * in-flight requests with the older cookie are stale, not revoked: their sign-in is live).
 * Throws `DependencyUnavailableError` (nothing changed) when KV or the database cannot take it;
 * 404 when the user no longer exists.
 */
export async function signOutOtherDevices(userId: string, keepSignIn: string): Promise<void> {
  const outcome = await changeAuthorization(userId, { endSignIns: { except: keepSignIn } });
  if (outcome.status !== 'changed') throw notFound('User not found');
  await reissueSession(userId, claimsFrom(outcome.user));
}

/**
 * Ends the sign-in of this request's session cookie, before Auth.js clears the cookie (its own
 * sign-out cannot report a failure: it swallows errors thrown in `events.signOut`). A cookie that
 * is no session at all (garbage, expired, no sign-in id) has nothing to end. Returns whether a
 * sign-in was ended; throws `DependencyUnavailableError` when the sign-out cannot be recorded,
 * in which case the caller must not clear the cookie.
 */
export async function endCurrentSignIn(): Promise<boolean> {
  // Several session cookies are no session (lib/core/session-cookie.ts): none of their sign-ins is
  // the one the user sees, so none is ended.
  const claims = (await readSessionCookie())?.claims;
  if (!claims) return false;
  return endSignInOf(claims.id, claims.sid);
}

/**
 * Revokes every existing token of a user (all devices), ends every sign-in in the registry,
 * every open reset or verification link and every personal access token. Returns the new authz version, or null when the user
 * does not exist. Throws `DependencyUnavailableError` (nothing changed) when KV or the database
 * cannot take it: an old marker left in KV would vouch for the revoked tokens.
 */
export async function signOutEverywhere(userId: string): Promise<number | null> {
  const outcome = await changeAuthorization(userId, { endSignIns: 'all', endLinks: true, revokeTokens: 'all' });
  return outcome.status === 'changed' ? outcome.user.authzVersion : null;
}
