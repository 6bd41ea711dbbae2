/**
 * Account creation: counted against the sign-up limits, hashed, then user + profile + settings in one
 * transaction, then the verification email.
 *
 * Limits (fixed one-hour windows in KV, counted before any hashing or mail, so sign-up cannot be
 * used as a mail cannon or a hashing load): per normalised base address (`+tag` removed: every
 * `victim+N@…` is one mailbox), per client when the client address is trusted (without one every
 * client would share that bucket), and site-wide.
 */
import 'server-only';
import { createUser, type PublicUser } from '@/db/queries/users';
import { sendVerificationAfterSignUp } from '@/lib/account-recovery/email-verification';
import { clientAddressFromHeaders, SHARED_CLIENT } from '@/lib/client-address';
import { conflict } from '@/lib/core/errors';
import { hashPassword } from '@/lib/password';
import { consumeRateLimit, type Bucket } from '@/lib/rate-limit';
import type { RegisterInput } from '@/lib/schemas/account';

export const EMAIL_TAKEN = 'An account with this email already exists';
export const TOO_MANY_SIGN_UPS = 'Too many accounts were created for this address or from here. Please try again later.';

export const REGISTER_WINDOW_SECONDS = 60 * 60;
export const REGISTER_ADDRESS_LIMIT = 5;
export const REGISTER_CLIENT_LIMIT = 10;
export const REGISTER_GLOBAL_LIMIT = 300;

/** The mailbox an address reaches: `Victim+anything@Example.com` → `victim@example.com`. */
export function baseAddress(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at).split('+')[0];
  return `${local}${email.slice(at)}`.toLowerCase();
}

function registrationBuckets(email: string, requestHeaders: Headers): Bucket[] {
  const client = clientAddressFromHeaders(requestHeaders);
  return [
    { key: `register:addr:${baseAddress(email)}`, limit: REGISTER_ADDRESS_LIMIT },
    ...(client === SHARED_CLIENT ? [] : [{ key: `register:client:${client}`, limit: REGISTER_CLIENT_LIMIT }]),
    { key: 'register:all', limit: REGISTER_GLOBAL_LIMIT },
  ];
}

/**
 * Creates the account, or throws 429 (a limit above, with `Retry-After`) or 409 when the (normalised)
 * email is taken; nothing is half-written.
 * Then sends the verification link (links built from `requestHeaders` only where that is safe, see
 * `lib/mail/link-origin.ts`); a message that cannot be sent does not undo the account.
 */
export async function registerAccount(input: RegisterInput, requestHeaders: Headers, at = Date.now()): Promise<PublicUser> {
  await consumeRateLimit(registrationBuckets(input.email, requestHeaders), REGISTER_WINDOW_SECONDS, at);
  const user = await createUser({ name: input.name, email: input.email, passwordHash: await hashPassword(input.password) });
  if (!user) throw conflict(EMAIL_TAKEN);
  await sendVerificationAfterSignUp(user, requestHeaders);
  return user;
}
