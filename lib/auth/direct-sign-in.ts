/**
 * Signing a browser in without a password, after it proved control of the account's email (a
 * password reset): the same registry row and token shape as an Auth.js sign-in (`sid`, id, role,
 * authzVersion, authTime, emailVerified), minted with the one token codec and written under the
 * cookie name Auth.js would use for the public origin (`__Secure-` over https).
 */
import 'server-only';
import { cookies, headers } from 'next/headers';
import { createSignIn } from '@/db/queries/sessions';
import type { UserAuthState } from '@/db/queries/users';
import { getEnv } from '@/lib/core/env';
import { publicOrigin } from '@/lib/core/public-origin';
import {
  SECURE_SESSION_COOKIE,
  SESSION_ABSOLUTE_MAX_AGE_SECONDS,
  SESSION_COOKIE,
  SESSION_MAX_AGE_SECONDS,
  encodeSessionToken,
} from '@/lib/core/session-token';
import { clearSessionCookie } from './session-cookie';
import { rememberDevice } from './device-cookie';
import { clearAttempts } from './throttle';

/**
 * Starts a new sign-in for `user` (as the database just returned it) and sets this response's
 * session cookie, replacing any other. Returns false (no cookie) when the user can no longer sign
 * in (banned or revoked meanwhile). As after a password sign-in, the account's count of failures
 * from unknown clients is forgiven and the browser becomes a known device of the account.
 */
export async function signInWithoutPassword(user: UserAuthState): Promise<boolean> {
  const requestHeaders = await headers();
  const authTime = Math.floor(Date.now() / 1000);
  const sid = await createSignIn({
    userId: user.id,
    authzVersion: user.authzVersion,
    expiresAt: new Date((authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS) * 1000),
    userAgent: requestHeaders.get('user-agent'),
  });
  if (!sid) return false;
  const secure = publicOrigin(requestHeaders).startsWith('https:');
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const claims = {
    sub: user.id,
    id: user.id,
    sid,
    name: user.name,
    email: user.email,
    picture: user.image,
    role: user.role,
    authzVersion: user.authzVersion,
    authTime,
    emailVerified: user.emailVerifiedAt !== null,
  };
  const token = await encodeSessionToken(claims, getEnv().authSecrets, name, SESSION_MAX_AGE_SECONDS);
  await clearSessionCookie();
  (await cookies()).set(name, token, { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: SESSION_MAX_AGE_SECONDS });
  await clearAttempts({ email: user.email, device: null });
  await rememberDevice(requestHeaders, user.email);
  return true;
}
