import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { listUsersForAdmin } from '@/db/queries/admin-users';
import { decodeCursor, encodeCursor } from '@/db/queries/keyset';
import { requireAdmin } from '@/lib/auth';
import { searchQuerySchema } from '@/lib/schemas/admin-user';
import { UserAccountStatus } from './user-account-status';
import { UserRowActions } from './user-row-actions';

export const metadata: Metadata = { title: 'Users · Admin' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** `/admin/users`: prefix search by email or name, 50 a page (keyset cursor), and the admin changes. */
export default async function AdminUsersPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const params = await searchParams;
  const rawQ = typeof params.q === 'string' ? params.q : '';
  const parsedQ = searchQuerySchema.safeParse(rawQ);
  const q = parsedQ.success ? parsedQ.data : '';
  const cursor = typeof params.cursor === 'string' ? decodeCursor(params.cursor) : undefined;
  const page = await listUsersForAdmin({ q: q || undefined, cursor });
  const next = page.nextCursor ? `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), cursor: encodeCursor(page.nextCursor) })}` : null;

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
          defaultValue={q}
          placeholder="Email or name starts with…"
          className="w-full max-w-sm rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        />
        <button type="submit" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
          Search
        </button>
      </form>
      {!parsedQ.success ? <p role="alert" className="mb-2 text-sm text-red-700">{parsedQ.error.issues[0]?.message}</p> : null}
      {page.users.length === 0 ? <p className="text-slate-600 dark:text-slate-400">No users match.</p> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {page.users.map((u) => (
          <li key={u.id} data-user-email={u.email} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="truncate font-medium">{u.name}</p>
              <p className="truncate text-sm text-slate-600 dark:text-slate-400">{u.email}</p>
              <p className="text-xs text-slate-500">
                <span data-role>{u.role}</span>
                {u.bannedAt ? <span className="ml-2 font-semibold text-red-700 dark:text-red-400">banned</span> : null}
                <UserAccountStatus user={u} />
              </p>
            </div>
            <UserRowActions user={{ id: u.id, email: u.email, role: u.role, banned: u.bannedAt !== null }} />
          </li>
        ))}
      </ul>
      {next ? (
        <Link href={next} className="mt-4 inline-block font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Next page →
        </Link>
      ) : null}
    </div>
  );
}
