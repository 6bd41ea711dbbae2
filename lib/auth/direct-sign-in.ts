/**
 * Signing a browser in without a password, after it proved control of the account's email (a
 * password reset): the same registry row and token shape as an Auth.js sign-in (`signInClaims`
 * plus `sid`), minted and written by the one cookie write side (`setNewSessionCookie`, under this
 * origin's name: `__Host-` over https).
 */
import 'server-only';
import { headers } from 'next/headers';
import { createSignIn } from '@/db/queries/sessions';
import type { UserAuthState } from '@/db/queries/users';
import { signInClaims } from '@/lib/core/session-claims';
import { SESSION_ABSOLUTE_MAX_AGE_SECONDS } from '@/lib/core/session-token';
import { setNewSessionCookie } from './session-cookie';
import { rememberDevice } from './device-cookie';
import { clearAttempts } from './throttle';

/**
 * Starts a new sign-in for `user` (as the database just returned it) and sets this response's
 * session cookie, replacing any other. Returns false (no cookie) when the user can no longer sign
 * in (banned or revoked meanwhile). As after a password sign-in, the account's count of failures
 * from unknown clients is forgiven and the browser becomes a known device of the account.
 */
export async function signInWithoutPassword(user: UserAuthState): Promise<boolean> {
  const authTime = Math.floor(Date.now() / 1000);
  const requestHeaders = await headers();
  const sid = await createSignIn({
    userId: user.id,
    authzVersion: user.authzVersion,
    expiresAt: new Date((authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS) * 1000),
    userAgent: requestHeaders.get('user-agent'),
  });
  if (!sid) return false;
  const claims = signInClaims({ ...user, emailVerified: user.emailVerifiedAt !== null }, authTime);
  await setNewSessionCookie({ ...claims, sid });
  await clearAttempts({ email: user.email, device: null });
  await rememberDevice(requestHeaders, user.email);
  return true;
}
