/**
 * Password reset by email.
 *
 * Request (`POST /api/password/forgot`, the /forgot-password form): the same answer (202) after the
 * same work for every address: the link origin is settled, the request counted per address (and per
 * client when the client address is trusted: without one, that bucket would be shared by everyone),
 * mail checked (so "mail down" is a 503 for both), the user read and a token generated. Only then,
 * after the response (Next's `after()`), a known, usable account gets a stored token and a message,
 * so neither the timing nor the work before the answer tells the addresses apart. A message that
 * cannot be sent takes its token with it (and is logged).
 *
 * Reset (`POST /api/password/reset`, the /reset-password form): the token is checked, the new
 * password hashed, then in one transaction the token is consumed, the password replaced, every
 * sign-in and every other open link of the user ended and the reset audited; KV down →
 * 503 and nothing changed. Then this browser is signed in with a new sign-in.
 */
import 'server-only';
import { after } from 'next/server';
import { getUserForSignIn } from '@/db/queries/users';
import { signInWithoutPassword, startPendingSecondFactor } from '@/lib/auth';
import { clientAddressFromHeaders, SHARED_CLIENT } from '@/lib/client-address';
import { toAppError } from '@/lib/core/errors';
import { logFailure } from '@/lib/failure-log';
import { mailLinkOrigin } from '@/lib/mail/link-origin';
import { passwordResetMessage } from '@/lib/mail/messages';
import { probeMail } from '@/lib/mail/transport';
import { hashPassword } from '@/lib/password';
import { consumeRateLimit } from '@/lib/rate-limit';
import { mailNewToken, newToken, redeemToken } from './tokens';

export const RESET_TOKEN_MINUTES = 30;
export const RESET_WINDOW_SECONDS = 15 * 60;
/** Requests per window for one address, and from one (trusted) client address. */
export const RESET_ADDRESS_LIMIT = 3;
export const RESET_CLIENT_LIMIT = 10;

export const RESET_REQUESTED =
  'If an account exists for that address, we sent it a link to reset the password. The link expires in 30 minutes.';

/** `email` is already normalised (`emailSchema`). Throws 429, or 503 (mail, KV, database, or no AUTH_URL in production). */
export async function requestPasswordReset(email: string, requestHeaders: Headers): Promise<void> {
  const origin = mailLinkOrigin(requestHeaders);
  const client = clientAddressFromHeaders(requestHeaders);
  await consumeRateLimit(
    [
      { key: `reset:addr:${email}`, limit: RESET_ADDRESS_LIMIT },
      ...(client === SHARED_CLIENT ? [] : [{ key: `reset:client:${client}`, limit: RESET_CLIENT_LIMIT }]),
    ],
    RESET_WINDOW_SECONDS,
  );
  await probeMail();
  const user = await getUserForSignIn(email);
  const minted = newToken();
  if (!user || user.bannedAt) return;
  after(() =>
    mailNewToken(user.id, 'password_reset', RESET_TOKEN_MINUTES * 60_000, minted, (token) =>
      passwordResetMessage(user.email, `${origin}/reset-password?token=${token}`, RESET_TOKEN_MINUTES),
    ).catch((err: unknown) => logFailure('password reset mail', err, toAppError(err))),
  );
}

/**
 * Sets the new password (policy already checked), ends every session, signs this browser in. 400
 * `LinkError` for a bad link. A reset never bypasses a second factor: for an account with an
 * authenticator app this browser gets the pending second step instead of a session
 * (`secondFactorRequired`: the caller sends it to `/login/two-step`).
 */
export async function resetPassword(token: unknown, newPassword: string): Promise<{ userId: string; secondFactorRequired?: true }> {
  const user = await redeemToken(
    token,
    'password_reset',
    async () => ({ passwordHash: await hashPassword(newPassword), endSignIns: 'all', endLinks: true, revokeTokens: 'all' }),
    'user.password_reset',
  );
  if (user.hasTotp) {
    await startPendingSecondFactor({ userId: user.id, authzVersion: user.authzVersion, callbackUrl: '/dashboard' });
    return { userId: user.id, secondFactorRequired: true };
  }
  await signInWithoutPassword(user);
  return { userId: user.id };
}
