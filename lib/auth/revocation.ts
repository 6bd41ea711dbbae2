/**
 * Ending sessions. Sign-out denies the one token (its `jti` in KV until it expires); when KV
 * cannot record that, every session of the user is revoked instead, so a signed-out cookie is
 * never accepted again.
 */
import 'server-only';
import type { JWT } from 'next-auth/jwt';
import { revokeAllSessions } from '@/db/queries/authz';
import { beginAuthzChange, publishAuthzVersion, revokeToken } from './freshness';

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

/** Revokes every existing token of a user (all devices). Returns the new authz version. */
export async function signOutEverywhere(userId: string): Promise<number | null> {
  await beginAuthzChange(userId).catch(() => {});
  const version = await revokeAllSessions(userId);
  if (version !== null) await publishAuthzVersion(userId, version);
  return version;
}
