'use client';

import { useActionState } from 'react';
import { ConfirmItsYou } from '@/components/confirm-its-you';
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

/**
 * A user's live sessions on the admin's user page, each with "End session" (a plain form). One
 * outcome line above the list: the row of an ended session is gone after the action.
 */
export function AdminSessionList({ userId, sessions }: { userId: string; sessions: AdminSessionRow[] }) {
  const [state, formAction] = useActionState(endUserSessionAction, idleState);
  return (
    <div className="flex flex-col gap-3">
      <FormNotice state={state} />
      <ConfirmItsYou state={state} action={formAction} />
      {sessions.length === 0 ? <p className="text-slate-600 dark:text-slate-400">No active sessions.</p> : null}
      <ul aria-label="Active sessions" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {sessions.map((s) => (
          <li key={s.id} data-session-id={s.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
            <div>
              <p className="font-medium">{s.device}</p>
              <SessionTimes createdOn={s.createdOn} lastSeenOn={s.lastSeenOn} />
            </div>
            <form action={formAction}>
              <input type="hidden" name="userId" value={userId} />
              <input type="hidden" name="sessionId" value={s.id} />
              <button type="submit" className={button} aria-label={`End session ${s.device} (signed in ${s.createdOn})`}>
                End session
              </button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}
