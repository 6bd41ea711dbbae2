import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { listAuditEntries } from '@/db/queries/audit';
import { requireAdmin } from '@/lib/auth';

export const metadata: Metadata = { title: 'Audit log · Admin' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** `/admin/audit`: every admin action, newest first, 50 a page (keyset on the id). */
export default async function AdminAuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const raw = (await searchParams).before;
  const before = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  const { entries, nextCursor } = await listAuditEntries(before);
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Audit log</h1>
      <AdminNav />
      {entries.length === 0 ? <p className="text-slate-600 dark:text-slate-400">Nothing recorded yet.</p> : null}
      <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {entries.map((e) => (
          <li key={e.id} className="flex flex-col gap-0.5 p-3 sm:flex-row sm:gap-4" data-audit-action={e.action}>
            <time dateTime={e.createdAt.toISOString()} className="shrink-0 text-slate-500">
              {e.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC
            </time>
            <span className="font-mono">{e.action}</span>
            <span className="min-w-0 truncate">
              {e.actorEmail ?? e.actorId ?? 'unknown'} → {e.targetEmail ?? (typeof e.details.email === 'string' ? e.details.email : e.targetId) ?? '—'}
              {e.action === 'user.role_changed' ? ` (${String(e.details.from)} → ${String(e.details.to)})` : ''}
            </span>
          </li>
        ))}
      </ol>
      {nextCursor ? (
        <Link href={`/admin/audit?before=${nextCursor}`} className="mt-4 inline-block font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Older entries →
        </Link>
      ) : null}
    </div>
  );
}
