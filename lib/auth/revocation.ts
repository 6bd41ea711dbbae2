/**
 * Ending sessions. Sign-out denies the one token (its `jti` in KV until it expires); when KV
 * cannot record that, every session of the user is revoked instead (which also needs KV: when it
 * is down too, nothing is written and the error is reported rather than a half-done revocation).
 */
import 'server-only';
import type { JWT } from 'next-auth/jwt';
import { revokeAllSessions } from '@/db/queries/authz';
import { authzPublisher, beginAuthzChange, revokeToken } from './freshness';

export async function recordSignOut(token: JWT): Promise<void> {
  const jti = typeof token.jti === 'string' ? token.jti : undefined;
  const exp = typeof token.exp === 'number' ? token.exp : undefined;
  if (!token.id) return;
  if (jti && exp) {
    try {
      await revokeToken(jti, exp);
      return;
    } catch {
      // fall through: revoke every session of this user
    }
  }
  await signOutEverywhere(token.id);
}

/**
 * Revokes every existing token of a user (all devices). Returns the new authz version, or null
 * when the user does not exist. Throws `DependencyUnavailableError` (nothing changed) when KV
 * cannot take the new marker: an old marker left in KV would vouch for the revoked tokens.
 */
export async function signOutEverywhere(userId: string): Promise<number | null> {
  await beginAuthzChange(userId);
  return revokeAllSessions(userId, authzPublisher(userId));
}
