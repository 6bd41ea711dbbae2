/**
 * Changing one's own password: the current password is verified first, inside the sign-in budget
 * (`./current-password.ts`) and outside any lock (hashing is slow), then the hash is replaced only
 * if it is still the verified one, every other session is revoked in the same statement, and this
 * device continues with a re-issued cookie.
 */
import 'server-only';
import { changePasswordAndRevoke } from '@/db/queries/authz';
import { AppError } from '@/lib/core/errors';
import { hashPassword } from '@/lib/password';
import { verifyCurrentPassword } from './current-password';
import { authzPublisher, beginAuthzChange } from './freshness';
import { claimsOf, reissueSession } from './session-cookie';

/** `keepSignIn`: the sign-in (`session.sid`) of the device making the change, the only one that continues. */
export async function changeOwnPassword(userId: string, keepSignIn: string, currentPassword: string, newPassword: string): Promise<void> {
  const storedHash = await verifyCurrentPassword(userId, currentPassword);
  const newHash = await hashPassword(newPassword);
  await beginAuthzChange(userId);
  const fresh = await changePasswordAndRevoke(userId, storedHash, newHash, keepSignIn, authzPublisher(userId));
  // Changed concurrently (another device changed it first): nothing was written here.
  if (!fresh) throw new AppError(409, 'The password was changed meanwhile; sign in again');
  await reissueSession(userId, claimsOf(fresh));
}
