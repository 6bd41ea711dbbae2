/** Account creation: hash, then user + profile + settings in one transaction. */
import 'server-only';
import { createUser, type PublicUser } from '@/db/queries/users';
import { conflict } from '@/lib/core/errors';
import { hashPassword } from '@/lib/password';
import type { RegisterInput } from '@/lib/schemas/account';

export const EMAIL_TAKEN = 'An account with this email already exists';

/** Creates the account, or throws 409 when the (normalised) email is taken; nothing is half-written. */
export async function registerAccount(input: RegisterInput): Promise<PublicUser> {
  const user = await createUser({ name: input.name, email: input.email, passwordHash: await hashPassword(input.password) });
  if (!user) throw conflict(EMAIL_TAKEN);
  return user;
}
