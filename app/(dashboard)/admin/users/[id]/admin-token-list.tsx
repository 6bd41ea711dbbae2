'use client';

import { useActionState } from 'react';
import { FormNotice } from '@/components/form-notice';
import { idleState } from '@/lib/actions/action-state';
import { revokeUserTokenAction } from './token-actions';

export interface AdminTokenRow {
  id: string;
  name: string;
  scope: 'read' | 'write';
  createdOn: string;
  expiresOn: string | null;
  lastUsedOn: string | null;
}

const outline =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';

/** A user's usable personal access tokens; an admin can revoke each one (audited). */
export function AdminTokenList({ userId, tokens }: { userId: string; tokens: AdminTokenRow[] }) {
  const [state, action] = useActionState(revokeUserTokenAction, idleState);
  return (
    <div className="flex flex-col gap-3">
      <FormNotice state={state} />
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No access tokens.</p>
      ) : (
        <ul aria-label="Access tokens" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {tokens.map((t) => (
            <li key={t.id} data-token-id={t.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="font-medium">
                  {t.name} <span className="ml-2 text-xs font-semibold">{t.scope}</span>
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Created {t.createdOn} · Expires {t.expiresOn ?? 'never'} · Last used {t.lastUsedOn ?? 'never'}
                </p>
              </div>
              <form action={action}>
                <input type="hidden" name="userId" value={userId} />
                <input type="hidden" name="tokenId" value={t.id} />
                <button type="submit" className={outline} aria-label={`Revoke token ${t.name}`}>
                  Revoke
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
