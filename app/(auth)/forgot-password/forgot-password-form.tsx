'use client';

import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { forgotPasswordAction } from '../account-actions';

export function ForgotPasswordForm() {
  const [state, formAction] = useActionState(forgotPasswordAction, idleState);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormNotice state={state} />
      <FormField label="Email" name="email" type="email" autoComplete="email" defaultValue={state.values?.email} errors={state.fieldErrors?.email} required />
      <SubmitButton pendingLabel="Sending…">Send reset link</SubmitButton>
    </form>
  );
}
