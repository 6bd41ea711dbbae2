'use client';

import { useActionState } from 'react';
import { ConfirmItsYou } from '@/components/confirm-its-you';
import { FormField } from '@/components/form-field';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { createTokenAction, revokeTokenAction, type TokenActionState } from './actions';

export interface TokenRow {
  id: string;
  name: string;
  scope: 'read' | 'write';
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const select =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const outline =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';

/** The create form; on success the secret is shown once, above the form. */
export function CreateTokenForm() {
  const [state, action] = useActionState<TokenActionState, FormData>(createTokenAction, idleState);
  return (
    <div className="flex max-w-md flex-col gap-3">
    <ConfirmItsYou state={state} action={action} confirmLabel="Confirm and create" />
    <form action={action} className="flex max-w-md flex-col gap-3">
      <FormNotice state={state} />
      {state.status === 'success' && state.token ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="new-token" className="text-sm font-medium">Your new token</label>
          <input id="new-token" readOnly value={state.token} data-testid="new-token" className={`${select} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      <FormField label="Name" name="name" required defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
      <div>
        <label htmlFor="field-scope" className="text-sm font-medium">Scope</label>
        <select id="field-scope" name="scope" defaultValue={state.values?.scope ?? 'read'} className={select}>
          <option value="read">read: GET requests only</option>
          <option value="write">write: every request</option>
        </select>
      </div>
      <div>
        <label htmlFor="field-expiresInDays" className="text-sm font-medium">Expires</label>
        <select id="field-expiresInDays" name="expiresInDays" defaultValue={state.values?.expiresInDays ?? '30'} className={select}>
          <option value="7">in 7 days</option>
          <option value="30">in 30 days</option>
          <option value="90">in 90 days</option>
          <option value="never">never</option>
        </select>
      </div>
      <SubmitButton pendingLabel="Creating…">Create token</SubmitButton>
    </form>
    </div>
  );
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** The usable tokens, each with "Revoke". */
export function TokenList({ tokens }: { tokens: TokenRow[] }) {
  const [state, action] = useActionState(revokeTokenAction, idleState);
  return (
    <div className="flex flex-col gap-3">
      <FormNotice state={state} />
      {tokens.length === 0 ? <p className="text-sm text-slate-600 dark:text-slate-400">No access tokens.</p> : null}
      <ul hidden={tokens.length === 0} aria-label="Access tokens" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {tokens.map((t) => (
          <li key={t.id} data-token-id={t.id} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0">
              <p className="font-medium">
                {t.name} <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold dark:bg-slate-800">{t.scope}</span>
              </p>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                Created {day(t.createdAt)} · Expires {t.expiresAt ? day(t.expiresAt) : 'never'} · Last used {t.lastUsedAt ? day(t.lastUsedAt) : 'never'}
              </p>
            </div>
            <form action={action}>
              <input type="hidden" name="tokenId" value={t.id} />
              <button type="submit" className={outline} aria-label={`Revoke token ${t.name}`}>
                Revoke
              </button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}
