import type { Metadata } from 'next';
import { AdminNav } from '@/components/admin-nav';
import { getAdminOverview } from '@/lib/admin-reads';
import { requireAdmin } from '@/lib/auth';

export const metadata: Metadata = { title: 'Admin' };

/** `/admin`: counts of users, admins and products (non-admins are sent to /unauthorized). */
export default async function AdminOverviewPage() {
  await requireAdmin();
  const counts = await getAdminOverview();
  const cards = [
    { label: 'Users', value: counts.users },
    { label: 'Admins', value: counts.admins },
    { label: 'Products', value: counts.products },
  ];
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Admin</h1>
      <AdminNav />
      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {cards.map((c) => (
          <div key={c.label} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <dt className="text-sm text-slate-500 dark:text-slate-400">{c.label}</dt>
            <dd className="text-3xl font-semibold" data-count={c.label.toLowerCase()}>
              {c.value}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
