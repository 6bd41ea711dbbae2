/**
 * Admin user management on top of the queries: the freshness protocol around every change
 * (marker removed first, new version published under the row lock) and the error vocabulary
 * (404 for a missing user, 409 for the last admin). Pages, actions and the API all call this.
 */
import 'server-only';
import { applyAdminChange, type AdminChange, type AdminUserRow } from '@/db/queries/admin-users';
import { authzPublisher, beginAuthzChange } from '@/lib/auth';
import { conflict, notFound } from '@/lib/core/errors';

export const LAST_ADMIN_MESSAGE = 'The last admin cannot be demoted, banned or deleted';

export async function changeUserAsAdmin(actorId: string, targetId: string, change: AdminChange): Promise<AdminUserRow | null> {
  await beginAuthzChange(targetId);
  const result = await applyAdminChange(actorId, targetId, change, authzPublisher(targetId));
  if (result.status === 'not_found') throw notFound('User not found');
  if (result.status === 'last_admin') throw conflict(LAST_ADMIN_MESSAGE);
  return result.user;
}
