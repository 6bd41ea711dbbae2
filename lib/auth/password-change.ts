/**
 * Changing one's own password: the current password is verified first (outside any lock: hashing
 * is slow), then the hash is replaced only if it is still the verified one, every other session is
 * revoked in the same statement, and this device continues with a re-issued cookie.
 */
import 'server-only';
import { changePasswordAndRevoke, getPasswordHash } from '@/db/queries/authz';
import { AppError } from '@/lib/core/errors';
import { hashPassword, verifyPassword } from '@/lib/password';
import { authzPublisher, beginAuthzChange } from './freshness';
import { claimsOf, reissueSession } from './session-cookie';

export const WRONG_CURRENT_PASSWORD = 'The current password is not correct';

/** `keepSignIn`: the sign-in (`session.sid`) of the device making the change, the only one that continues. */
export async function changeOwnPassword(userId: string, keepSignIn: string, currentPassword: string, newPassword: string): Promise<void> {
  const storedHash = await getPasswordHash(userId);
  if (!storedHash || !(await verifyPassword(currentPassword, storedHash))) {
    throw new AppError(422, 'Validation failed', { currentPassword: [WRONG_CURRENT_PASSWORD] });
  }
  const newHash = await hashPassword(newPassword);
  await beginAuthzChange(userId);
  const fresh = await changePasswordAndRevoke(userId, storedHash, newHash, keepSignIn, authzPublisher(userId));
  // Changed concurrently (another device changed it first): nothing was written here.
  if (!fresh) throw new AppError(409, 'The password was changed meanwhile; sign in again');
  await reissueSession(userId, claimsOf(fresh));
}
