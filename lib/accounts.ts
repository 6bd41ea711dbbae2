/** Account creation: hash, then user + profile + settings in one transaction, then the verification email. */
import 'server-only';
import { createUser, type PublicUser } from '@/db/queries/users';
import { sendVerificationAfterSignUp } from '@/lib/account-recovery/email-verification';
import { conflict } from '@/lib/core/errors';
import { hashPassword } from '@/lib/password';
import type { RegisterInput } from '@/lib/schemas/account';

export const EMAIL_TAKEN = 'An account with this email already exists';

/**
 * Creates the account, or throws 409 when the (normalised) email is taken; nothing is half-written.
 * Then sends the verification link (links built from `requestHeaders` only where that is safe, see
 * `lib/mail/link-origin.ts`); a message that cannot be sent does not undo the account.
 */
export async function registerAccount(input: RegisterInput, requestHeaders: Headers): Promise<PublicUser> {
  const user = await createUser({ name: input.name, email: input.email, passwordHash: await hashPassword(input.password) });
  if (!user) throw conflict(EMAIL_TAKEN);
  await sendVerificationAfterSignUp(user, requestHeaders);
  return user;
}
