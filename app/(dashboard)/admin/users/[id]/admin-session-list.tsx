'use client';

import { useActionState } from 'react';
import { FormNotice } from '@/components/form-notice';
import { SessionTimes } from '@/components/session-times';
import { idleState } from '@/lib/actions/action-state';
import { endUserSessionAction } from './actions';

export interface AdminSessionRow {
  id: string;
  device: string;
  createdOn: string;
  lastSeenOn: string;
}

const button =
  'rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';

function SessionItem({ userId, session }: { userId: string; session: AdminSessionRow }) {
  const [state, formAction] = useActionState(endUserSessionAction, idleState);
  return (
    <li data-session-id={session.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
      <div>
        <p className="font-medium">{session.device}</p>
        <SessionTimes createdOn={session.createdOn} lastSeenOn={session.lastSeenOn} />
        <FormNotice state={state} compact />
      </div>
      <form action={formAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="sessionId" value={session.id} />
        <button type="submit" className={button} aria-label={`End session ${session.device} (signed in ${session.createdOn})`}>
          End session
        </button>
      </form>
    </li>
  );
}

/** A user's live sessions on the admin's user page, each with "End session" (a plain form). */
export function AdminSessionList({ userId, sessions }: { userId: string; sessions: AdminSessionRow[] }) {
  if (sessions.length === 0) return <p className="text-slate-600 dark:text-slate-400">No active sessions.</p>;
  return (
    <ul aria-label="Active sessions" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {sessions.map((s) => (
        <SessionItem key={s.id} userId={userId} session={s} />
      ))}
    </ul>
  );
}
