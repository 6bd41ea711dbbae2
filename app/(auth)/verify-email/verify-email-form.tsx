'use client';

import { useActionState } from 'react';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { verifyEmailAction } from '../account-actions';

export function VerifyEmailForm({ token }: { token: string }) {
  const [state, formAction] = useActionState(verifyEmailAction, idleState);
  return (
    <form action={formAction} className="flex flex-col gap-4">
      <FormNotice state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Verifying…">Confirm my email address</SubmitButton>
    </form>
  );
}
