/**
 * Email verification: sign-up sends a link (single use, hashed, 24 h); following it sets
 * `users.email_verified_at` with an authz version bump, so every token of the user picks the new
 * `emailVerified` claim up by the freshness rules (one database read, then a re-issued cookie),
 * exactly like a role change. Resending is throttled per user.
 */
import 'server-only';
import { conflict, toAppError } from '@/lib/core/errors';
import { logFailure } from '@/lib/failure-log';
import { mailLinkOrigin } from '@/lib/mail/link-origin';
import { emailVerificationMessage } from '@/lib/mail/messages';
import { consumeRateLimit } from '@/lib/rate-limit';
import { mailNewToken, newToken, redeemToken } from './tokens';

export const VERIFY_TOKEN_HOURS = 24;
export const RESEND_LIMIT = 3;
export const RESEND_WINDOW_SECONDS = 15 * 60;
export const ALREADY_VERIFIED = 'Your email address is already verified';

/** Creates a token and sends the link; the token is deleted again when the message cannot be sent. */
export async function sendVerificationEmail(user: { id: string; email: string }, requestHeaders: Headers): Promise<void> {
  const origin = mailLinkOrigin(requestHeaders);
  await mailNewToken(user.id, 'email_verification', VERIFY_TOKEN_HOURS * 3_600_000, newToken(), (token) =>
    emailVerificationMessage(user.email, `${origin}/verify-email?token=${token}`, VERIFY_TOKEN_HOURS),
  );
}

/** At sign-up: the account exists whatever happens to its first message (the banner offers "Resend"). */
export async function sendVerificationAfterSignUp(user: { id: string; email: string }, requestHeaders: Headers): Promise<boolean> {
  try {
    await sendVerificationEmail(user, requestHeaders);
    return true;
  } catch (err) {
    // Mail refused for want of AUTH_URL or SMTP_URL is said once by logFailure's rule; other failures one line each.
    logFailure('verification email at sign-up', err, toAppError(err));
    return false;
  }
}

/** "Resend": 409 when already verified (by the database, not the token), 429 past the limit, 503 when mail is down. */
export async function resendVerificationEmail(
  user: { id: string; email: string },
  verifiedInDatabase: boolean,
  requestHeaders: Headers,
): Promise<void> {
  if (verifiedInDatabase) throw conflict(ALREADY_VERIFIED);
  mailLinkOrigin(requestHeaders);
  await consumeRateLimit([{ key: `verify:user:${user.id}`, limit: RESEND_LIMIT }], RESEND_WINDOW_SECONDS);
  await sendVerificationEmail(user, requestHeaders);
}

/** Marks the address verified (version bumped: every token of the user refreshes its claim). 400 `LinkError` for a bad link. */
export async function verifyEmail(token: unknown): Promise<{ userId: string }> {
  const user = await redeemToken(token, 'email_verification', async () => ({ emailVerified: true }));
  return { userId: user.id };
}
