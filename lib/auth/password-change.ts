/**
 * Changing one's own password: the current password is verified first, inside the sign-in budget
 * (`./current-password.ts`) and outside any lock (hashing is slow), then, in one authorization
 * change, the hash is replaced only if it is still the verified one, every other sign-in and every
 * open reset/verification link ends, and this device continues with a re-issued cookie (its own
 * older cookies stay stale, never revoked).
 */
import 'server-only';
import { AppError } from '@/lib/core/errors';
import { hashPassword } from '@/lib/password';
import { verifyCurrentPassword } from './current-password';
import { getPasswordHash } from '@/db/queries/authz';
import { changeAuthorization } from './change-authorization';
import { claimsFrom, reissueSession } from './session-cookie';

/** `keepSignIn`: the sign-in (`session.sid`) of the device making the change, the only one that continues. */
export async function changeOwnPassword(userId: string, keepSignIn: string, currentPassword: string, newPassword: string): Promise<void> {
  const storedHash = await verifyCurrentPassword(userId, currentPassword);
  const newHash = await hashPassword(newPassword);
  const outcome = await changeAuthorization(userId, async (tx) => {
    // Under the row lock: another device may have changed it since the check above.
    if ((await getPasswordHash(userId, tx)) !== storedHash) return { refuse: 'changed meanwhile' };
    return { change: { passwordHash: newHash, endSignIns: { except: keepSignIn }, endLinks: true }, value: undefined };
  });
  // Changed concurrently (another device changed it first): nothing was written here.
  if (outcome.status !== 'changed') throw new AppError(409, 'The password was changed meanwhile; sign in again');
  await reissueSession(userId, claimsFrom(outcome.user));
}
