/**
 * Admin user management on top of the queries: every change is one `changeAuthorization` (marker
 * removed, one transaction locking every admin row first when the change could remove an admin,
 * then the user row; new version published raise-only) and the error vocabulary (404 for a missing
 * user, 409 for the last admin). Pages, actions and the API all call this.
 */
import 'server-only';
import {
  auditAdminChange,
  getUserForAdmin,
  lockActiveAdmins,
  removesAdmin,
  type AdminChange,
  type AdminUserRow,
} from '@/db/queries/admin-users';
import { changeAuthorization, type AuthzChange } from '@/lib/auth';
import { conflict, notFound } from '@/lib/core/errors';

export const LAST_ADMIN_MESSAGE = 'The last admin cannot be demoted, banned or deleted';

/** What each admin change does to the account; a ban, a revoke and a delete end every sign-in and link. */
function authzChangeOf(change: AdminChange): AuthzChange {
  if (change.kind === 'delete') return { deleteUser: true };
  if (change.kind === 'revoke_sessions') return { endSignIns: 'all', endLinks: true, revokeTokens: 'all' };
  // A ban also ends every session and link: unbanning must not bring pre-ban cookies or links back.
  return { role: change.role, banned: change.banned, ...(change.banned === true ? { endSignIns: 'all', endLinks: true, revokeTokens: 'all' } : {}) };
}

export async function changeUserAsAdmin(actorId: string, targetId: string, change: AdminChange): Promise<AdminUserRow | null> {
  const outcome = await changeAuthorization(
    targetId,
    async (tx, before, activeAdmins: string[] | null) => {
      if (activeAdmins && activeAdmins.includes(targetId) && activeAdmins.length <= 1) return { refuse: 'last_admin' as const };
      await auditAdminChange(tx, actorId, targetId, change, before);
      return { change: authzChangeOf(change), value: undefined };
    },
    { lockFirst: async (tx) => (removesAdmin(change) ? lockActiveAdmins(tx) : null) },
  );
  if (outcome.status === 'no_user') throw notFound('User not found');
  if (outcome.status === 'refused') throw conflict(LAST_ADMIN_MESSAGE);
  return change.kind === 'delete' ? null : getUserForAdmin(targetId);
}
