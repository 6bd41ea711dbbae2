import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { LocalTime } from '@/components/local-time';
import { listAuditEntries } from '@/db/queries/audit';
import { auditParticipants, describeAuditEntry } from '@/lib/audit-events';
import { requireAdmin } from '@/lib/auth';

export const metadata: Metadata = { title: 'Audit log · Admin' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const cell = 'px-3 py-2.5 align-top';

/**
 * `/admin/audit`: every admin action, newest first, 50 a page (keyset on the id), as a sentence with
 * the time in the viewer's zone ("2 hours ago", the exact time as its title). On a phone the details
 * move under the sentence and wrap instead of being cut off.
 */
export default async function AdminAuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const raw = (await searchParams).before;
  const before = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  const { entries, nextCursor } = await listAuditEntries(before);
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Audit log</h1>
      <AdminNav />
      {entries.length === 0 ? (
        <p className="text-slate-700 dark:text-slate-300">Nothing recorded yet. Role changes, bans, revoked sessions and deletions appear here.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full table-fixed text-left text-sm">
            <caption className="sr-only">Admin actions, newest first</caption>
            <colgroup>
              <col className="w-24 sm:w-36" />
              <col />
              <col className="hidden w-2/5 sm:table-column" />
            </colgroup>
            <thead className="border-b border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-800 dark:bg-slate-800/60 dark:text-slate-200">
              <tr>
                <th scope="col" className={`${cell} font-semibold`}>
                  When
                </th>
                <th scope="col" className={`${cell} font-semibold`}>
                  Event
                </th>
                <th scope="col" className={`${cell} hidden font-semibold sm:table-cell`}>
                  Details
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {entries.map((e) => (
                <tr key={e.id} data-audit-action={e.action}>
                  <td className={`${cell} text-slate-600 dark:text-slate-400`}>
                    <LocalTime iso={e.createdAt.toISOString()} />
                  </td>
                  <td className={`${cell} break-words`}>
                    <span data-audit-event>{describeAuditEntry(e)}</span>
                    <span className="mt-0.5 block break-all text-xs text-slate-600 dark:text-slate-400 sm:hidden">{auditParticipants(e)}</span>
                  </td>
                  <td className={`${cell} hidden break-all text-slate-600 dark:text-slate-400 sm:table-cell`}>
                    {auditParticipants(e)}
                    <span className="block font-mono text-xs">{e.action}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor ? (
        <Link href={`/admin/audit?before=${nextCursor}`} className="mt-4 inline-block font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          Older entries →
        </Link>
      ) : null}
    </div>
  );
}
