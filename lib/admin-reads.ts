/**
 * What the admin pages and `GET /api/admin/users` read, named for the page that needs it: app/ never
 * imports db/ (an ESLint rule), so the cursor codec, the UUID check and the counts that go together
 * live here. Each function makes exactly the queries the page made before (the list and its counts
 * side by side, one round trip); writes are `lib/admin-users.ts`.
 */
import 'server-only';
import {
  ADMIN_USERS_ORDER,
  countActiveAdmins,
  countUsersForAdmin,
  getAdminOverviewCounts,
  getUserForAdmin,
  listUsersForAdmin,
  type AdminOverviewCounts,
  type AdminUserRow,
} from '@/db/queries/admin-users';
import { listAuditEntries, type AuditEntry } from '@/db/queries/audit';
import { decodeCursor, encodeCursor, type Keyset } from '@/db/queries/keyset';
import { isUuid } from '@/lib/core/uuid';

export type { AdminOverviewCounts, AdminUserRow, AuditEntry };

/** The three numbers of `/admin` (users, admins, products) in one query. */
export function getAdminOverview(): Promise<AdminOverviewCounts> {
  return getAdminOverviewCounts();
}

/** One user for `/admin/users/:id`, or null (also for an id that is not a UUID: no query then). */
export async function findUserForAdmin(id: string): Promise<AdminUserRow | null> {
  return isUuid(id) ? getUserForAdmin(id) : null;
}

/** A cursor of the admin user list from its text, or null when this list did not issue it. */
export function readAdminUsersCursor(raw: string): Keyset | null {
  return decodeCursor(raw, ADMIN_USERS_ORDER);
}

export interface AdminUsersPage {
  users: AdminUserRow[];
  /** Opaque; pass back through `readAdminUsersCursor`. */
  nextCursor: string | null;
}

/** One page (50, newest first) of the users matching the prefix search, from the cursor if any. */
export async function listAdminUsersPage(q: string | undefined, cursor: Keyset | null | undefined): Promise<AdminUsersPage> {
  const page = await listUsersForAdmin({ q, cursor });
  return { users: page.users, nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null };
}

/**
 * `/admin/users`: the page, the search's total and the active-admin count (the row actions offer the
 * last active admin no demotion, ban or delete), the three queries side by side.
 */
export async function listAdminUsersPageWithCounts(q: string | undefined, cursor: Keyset | null | undefined): Promise<AdminUsersPage & { total: number; activeAdmins: number }> {
  const [page, total, activeAdmins] = await Promise.all([listAdminUsersPage(q, cursor), countUsersForAdmin(q), countActiveAdmins()]);
  return { ...page, total, activeAdmins };
}

/** `/admin/audit`: one page of the audit log, newest first; `before` is the last id of the previous page. */
export function listAuditPage(before: number | undefined): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
  return listAuditEntries(before);
}
