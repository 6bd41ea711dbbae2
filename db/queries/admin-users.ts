/**
 * SQL for admin user management: the overview counts, prefix search with keyset pagination, and
 * the statements of the changes an admin makes to a user. Each change is one `changeAuthorization`
 * (`lib/admin-users.ts`): when it could remove an admin it first locks every admin row, so "at
 * least one active admin" holds under concurrency, and writes `audit_log` in the same transaction.
 */
import 'server-only';
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { products, users } from '../schema';
import type { Role } from '@/lib/core/roles';
import { insertAuditEntry, type AuditAction } from './audit';
import { afterKeyset, keysetOrderBy, keysetPage, newestFirst, type Keyset } from './keyset';
import { likePattern } from './text-search';

export interface AdminOverviewCounts {
  users: number;
  admins: number;
  products: number;
}

/** One round trip for the three numbers of `/admin`. */
export async function getAdminOverviewCounts(): Promise<AdminOverviewCounts> {
  const db = await getDb();
  const [row] = await db
    .select({
      users: sql<number>`(select count(*) from ${users})::int`,
      admins: sql<number>`(select count(*) from ${users} where ${users.role} = 'admin')::int`,
      products: sql<number>`(select count(*) from ${products})::int`,
    })
    .from(sql`(select 1) as one`);
  return row!;
}

export interface AdminUserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  bannedAt: Date | null;
  emailVerifiedAt: Date | null;
  createdAt: Date;
}

const adminUserColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  bannedAt: users.bannedAt,
  emailVerifiedAt: users.emailVerifiedAt,
  createdAt: users.createdAt,
} as const;

/** One user as the admin's user page shows them, or null. */
export async function getUserForAdmin(id: string): Promise<AdminUserRow | null> {
  const db = await getDb();
  const [row] = await db.select(adminUserColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

const ADMIN_USERS_PAGE_SIZE = 50;

/** Newest first on (created_at, id): the order of the admin list and of its cursors. */
export const ADMIN_USERS_ORDER = newestFirst('newest', users.createdAt);

/** Email or lower(name) starts with the query, as plain text (the `text_pattern_ops` indexes). */
function userMatches(q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const pattern = likePattern(q.toLowerCase(), 'prefix');
  return or(sql`${users.email} like ${pattern}`, sql`lower(${users.name}) like ${pattern}`);
}

/**
 * Newest first, 50 a page (./keyset.ts). Without a query the `(created_at, id)` index is walked from the
 * cursor; with one, the email and lower(name) `text_pattern_ops` indexes find the prefix matches.
 */
export async function listUsersForAdmin(options: { q?: string; cursor?: Keyset | null; limit?: number } = {}) {
  const limit = options.limit ?? ADMIN_USERS_PAGE_SIZE;
  const db = await getDb();
  const rows = await db
    .select({ ...adminUserColumns, cursorKey: ADMIN_USERS_ORDER.keyText })
    .from(users)
    .where(and(userMatches(options.q), afterKeyset(ADMIN_USERS_ORDER, users.id, options.cursor)))
    .orderBy(...keysetOrderBy(ADMIN_USERS_ORDER, users.id))
    .limit(limit + 1);
  const page = keysetPage(rows, limit, ADMIN_USERS_ORDER);
  return { users: page.items as AdminUserRow[], nextCursor: page.nextCursor };
}

/** How many users match the search (all users without one): the list's total. */
export async function countUsersForAdmin(q?: string): Promise<number> {
  const db = await getDb();
  return db.$count(users, userMatches(q));
}

export type AdminChange =
  | { kind: 'update'; role?: Role; banned?: boolean }
  | { kind: 'revoke_sessions' }
  | { kind: 'delete' };

/** Whether `change` could leave no active admin (then every admin row is locked first). */
export function removesAdmin(change: AdminChange): boolean {
  return change.kind === 'delete' || (change.kind === 'update' && ((change.role !== undefined && change.role !== 'admin') || change.banned === true));
}

/**
 * Locks every admin row (in id order, so concurrent callers cannot deadlock) and returns the
 * active ones: the `lockFirst` of a change that could remove an admin (`users` rows before any
 * dependent row, the one lock order). Under READ COMMITTED a caller that waited re-checks
 * `role = 'admin'` on the rows it then locks, so it sees the other transaction's demotion.
 */
export async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id, bannedAt: users.bannedAt })
    .from(users)
    .where(eq(users.role, 'admin'))
    .orderBy(asc(users.id))
    .for('update');
  return rows.filter((r) => r.bannedAt === null).map((r) => r.id);
}

/** The audit entries of one admin change, written in its transaction. `before`: the locked row. */
export async function auditAdminChange(
  tx: Tx,
  actorId: string,
  targetId: string,
  change: AdminChange,
  before: { role: Role; email: string },
): Promise<void> {
  const entries: { action: AuditAction; details?: Record<string, unknown> }[] = [];
  if (change.kind === 'update') {
    if (change.role !== undefined) entries.push({ action: 'user.role_changed', details: { from: before.role, to: change.role } });
    if (change.banned !== undefined) entries.push({ action: change.banned ? 'user.banned' : 'user.unbanned' });
  } else if (change.kind === 'revoke_sessions') {
    entries.push({ action: 'user.sessions_revoked' });
  } else {
    entries.push({ action: 'user.deleted', details: { email: before.email, role: before.role } });
  }
  for (const entry of entries) await insertAuditEntry(tx, { actorId, targetId, ...entry });
}

/** Admins who are not banned: the row actions offer no demotion, ban or delete to the last one. */
export async function countActiveAdmins(): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`${users.role} = 'admin' and ${users.bannedAt} is null`);
  return row!.n;
}
