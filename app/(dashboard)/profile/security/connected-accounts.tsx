'use client';

import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { ConfirmItsYou } from '@/components/confirm-its-you';
import { FormNotice, Notice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { connectProviderAction, disconnectProviderAction } from './actions';

/** One configured provider as the page passes it (dates as `YYYY-MM-DD`, UTC). */
export interface ConnectedAccountRow {
  provider: string;
  name: string;
  connected: boolean;
  linkedOn: string | null;
  lastUsedOn: string | null;
}

/**
 * The providers that can sign in to this account: disconnect a connected one, connect another
 * (the password again, then through the provider, which returns here).
 */
export function ConnectedAccounts({ accounts, hasPassword, notice }: { accounts: ConnectedAccountRow[]; hasPassword: boolean; notice?: { tone: 'success' | 'error'; text: string } }) {
  const [disconnectState, disconnectAction] = useActionState(disconnectProviderAction, idleState);
  const [connectState, connectAction] = useActionState(connectProviderAction, idleState);
  return (
    <div className="flex flex-col gap-3">
      {notice && disconnectState.status === 'idle' && connectState.status === 'idle' ? (
        <Notice tone={notice.tone}>{notice.text}</Notice>
      ) : null}
      <FormNotice state={disconnectState} />
      <ConfirmItsYou state={disconnectState} action={disconnectAction} />
      <FormNotice state={connectState} />
      <ul aria-label="Connected accounts" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {accounts.map((account) => (
          <li key={account.provider} data-provider={account.provider} className="flex flex-col gap-2 p-3">
            <p className="font-medium">
              {account.name}{' '}
              <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
                {account.connected ? `connected on ${account.linkedOn}${account.lastUsedOn ? `, last used ${account.lastUsedOn}` : ''}` : 'not connected'}
              </span>
            </p>
            {account.connected ? (
              <form action={disconnectAction}>
                <input type="hidden" name="provider" value={account.provider} />
                <SubmitButton pendingLabel="Disconnecting…">{`Disconnect ${account.name}`}</SubmitButton>
              </form>
            ) : (
              <form action={connectAction} className="flex max-w-md flex-col gap-3">
                <input type="hidden" name="provider" value={account.provider} />
                {hasPassword ? (
                  <FormField label={`Your password (to connect ${account.name})`} name="password" type="password" autoComplete="current-password" errors={connectState.values?.provider === account.provider ? connectState.fieldErrors?.password : undefined} required />
                ) : null}
                <SubmitButton pendingLabel="Connecting…">{`Connect ${account.name}`}</SubmitButton>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
