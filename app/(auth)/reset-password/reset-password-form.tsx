'use client';

import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { resetPasswordAction } from '../account-actions';

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction] = useActionState(resetPasswordAction, idleState);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormNotice state={state} />
      <input type="hidden" name="token" value={token} />
      <FormField label="New password (8 characters or more)" name="password" type="password" autoComplete="new-password" errors={state.fieldErrors?.password} required />
      <FormField label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" errors={state.fieldErrors?.confirmPassword} required />
      <SubmitButton pendingLabel="Saving…">Set new password</SubmitButton>
    </form>
  );
}
