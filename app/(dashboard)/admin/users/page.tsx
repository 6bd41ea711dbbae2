import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { CELL, ColumnHeader, DataTable } from '@/components/data-table';
import { LocalTime } from '@/components/local-time';
import { listAdminUsersPageWithCounts, readAdminUsersCursor } from '@/lib/admin-reads';
import { requireAdmin } from '@/lib/auth';
import { searchQuerySchema } from '@/lib/schemas/admin-user';
import { UserAccountStatus } from './user-account-status';
import { UserRowActions } from './user-row-actions';

export const metadata: Metadata = { title: 'Users · Admin' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** `/admin/users`: prefix search by email or name, the total, 50 a page (keyset cursor), and the admin changes. */
export default async function AdminUsersPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const params = await searchParams;
  const rawQ = typeof params.q === 'string' ? params.q : '';
  const parsedQ = searchQuerySchema.safeParse(rawQ);
  const q = parsedQ.success ? parsedQ.data : '';
  const cursor = typeof params.cursor === 'string' ? readAdminUsersCursor(params.cursor) : undefined;
  const { total, activeAdmins, ...page } = await listAdminUsersPageWithCounts(q || undefined, cursor);
  const next = page.nextCursor ? `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), cursor: page.nextCursor })}` : null;

  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Users</h1>
      <AdminNav />
      <form method="get" action="/admin/users" role="search" className="mb-4 flex gap-2">
        <label htmlFor="user-search" className="sr-only">
          Search by email or name
        </label>
        <input
          id="user-search"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Email or name starts with…"
          className="w-full max-w-sm rounded-md border border-slate-400 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900"
        />
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
          Search
        </button>
      </form>
      {!parsedQ.success ? <p role="alert" className="mb-2 text-sm text-red-700 dark:text-red-300">{parsedQ.error.issues[0]?.message}</p> : null}
      <p className="mb-2 text-sm text-slate-700 dark:text-slate-300" data-testid="user-total">
        {total === 1 ? '1 user' : `${total} users`}
        {q ? ` matching “${q}”` : ''}
      </p>
      {page.users.length === 0 ? (
        <p className="text-slate-700 dark:text-slate-300">No users match.</p>
      ) : (
        <DataTable
          caption="Users, newest first"
          head={
            <>
              <ColumnHeader>User</ColumnHeader>
              <ColumnHeader>Role</ColumnHeader>
              <ColumnHeader className="hidden md:table-cell">Joined</ColumnHeader>
              <ColumnHeader>Actions</ColumnHeader>
            </>
          }
        >
          {page.users.map((u) => (
            <tr key={u.id} data-user-email={u.email}>
              <th scope="row" className={`${CELL} min-w-0 font-normal`}>
                <span className="block break-words font-medium">{u.name}</span>
                <span className="block wrap-anywhere text-slate-600 dark:text-slate-400">{u.email}</span>
              </th>
              <td className={CELL}>
                <span data-role>{u.role}</span>
                {u.bannedAt ? <span className="block font-semibold text-red-700 dark:text-red-300">banned</span> : null}
                <UserAccountStatus user={u} />
              </td>
              <td className={`${CELL} hidden whitespace-nowrap text-slate-600 dark:text-slate-400 md:table-cell`}>
                <LocalTime iso={u.createdAt.toISOString()} />
              </td>
              <td className={CELL}>
                <UserRowActions
                  user={{ id: u.id, email: u.email, role: u.role, banned: u.bannedAt !== null }}
                  lastAdmin={u.role === 'admin' && u.bannedAt === null && activeAdmins <= 1}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {next ? (
        <Link href={next} className="mt-4 inline-block font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          Next page →
        </Link>
      ) : null}
    </div>
  );
}
