'use client';
/** "Reset two-step verification…" on the admin's user page: a two-step confirmation, sudo mode, no-JS too. */
import { useActionState } from 'react';
import { ConfirmItsYou } from '@/components/confirm-its-you';
import { ConfirmStep } from '@/components/confirm-step';
import { FormNotice } from '@/components/form-notice';
import { idleState } from '@/lib/actions/action-state';
import { resetFactorsAction } from './actions';

export function FactorReset({ userId, email }: { userId: string; email: string }) {
  const [state, formAction] = useActionState(resetFactorsAction, idleState);
  return (
    <div className="flex max-w-md flex-col gap-3">
      <FormNotice state={state} />
      <ConfirmItsYou state={state} action={formAction} />
      <ConfirmStep
        trigger="Reset two-step verification…"
        subject={email}
        prompt={<>Remove the authenticator app, recovery codes and passkeys of <strong className="break-all">{email}</strong>? They are told by email and can set them up again.</>}
        confirmLabel="Yes, reset"
        pendingLabel="Resetting…"
        action={formAction}
        fields={{ userId }}
        danger
        answer={state}
      />
    </div>
  );
}
