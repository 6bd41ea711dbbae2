import type { Metadata } from 'next';
import Link from 'next/link';
import { AdminNav } from '@/components/admin-nav';
import { CELL, ColumnHeader, DataTable } from '@/components/data-table';
import { LocalTime } from '@/components/local-time';
import { listAuditPage } from '@/lib/admin-reads';
import { auditParticipants, describeAuditEntry } from '@/lib/audit-events';
import { requireAdmin } from '@/lib/auth';

export const metadata: Metadata = { title: 'Audit log · Admin' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * `/admin/audit`: every admin action, newest first, 50 a page (keyset on the id), as a sentence with
 * the time in the viewer's zone ("2 hours ago", the exact time as its title). On a phone the details
 * move under the sentence and wrap instead of being cut off.
 */
export default async function AdminAuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const raw = (await searchParams).before;
  const before = typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
  const { entries, nextCursor } = await listAuditPage(before);
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Audit log</h1>
      <AdminNav />
      {entries.length === 0 ? (
        <p className="text-slate-700 dark:text-slate-300">Nothing recorded yet. Role changes, bans, revoked sessions and deletions appear here.</p>
      ) : (
        <DataTable
          caption="Admin actions, newest first"
          fixed
          colgroup={
            <colgroup>
              <col className="w-24 sm:w-36" />
              <col />
              <col className="hidden w-2/5 sm:table-column" />
            </colgroup>
          }
          head={
            <>
              <ColumnHeader>When</ColumnHeader>
              <ColumnHeader>Event</ColumnHeader>
              <ColumnHeader className="hidden sm:table-cell">Details</ColumnHeader>
            </>
          }
        >
          {entries.map((e) => (
            <tr key={e.id} data-audit-action={e.action}>
              <td className={`${CELL} text-slate-600 dark:text-slate-400`}>
                <LocalTime iso={e.createdAt.toISOString()} />
              </td>
              <td className={`${CELL} break-words`}>
                <span data-audit-event>{describeAuditEntry(e)}</span>
                <span className="mt-0.5 block wrap-anywhere text-xs text-slate-600 dark:text-slate-400 sm:hidden">{auditParticipants(e)}</span>
              </td>
              <td className={`${CELL} hidden wrap-anywhere text-slate-600 dark:text-slate-400 sm:table-cell`}>
                {auditParticipants(e)}
                <span className="block font-mono text-xs">{e.action}</span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {nextCursor ? (
        <Link href={`/admin/audit?before=${nextCursor}`} className="mt-4 inline-block font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          Older entries →
        </Link>
      ) : null}
    </div>
  );
}
