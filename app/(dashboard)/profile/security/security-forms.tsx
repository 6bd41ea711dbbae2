'use client';

import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/actions/safe-action';
import { changePasswordAction, signOutEverywhereAction } from './actions';

const idle: ActionState = { status: 'idle' };

function Notice({ state }: { state: ActionState }) {
  if (state.status === 'idle' || !state.message) return null;
  const error = state.status === 'error';
  return (
    <p role={error ? 'alert' : 'status'} className={`rounded-md p-3 text-sm ${error ? 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200' : 'bg-green-50 text-green-800 dark:bg-green-950 dark:text-green-200'}`}>
      {state.message}
    </p>
  );
}

export function ChangePasswordForm() {
  const [state, formAction] = useActionState(changePasswordAction, idle);
  return (
    <form action={formAction} className="flex max-w-md flex-col gap-4" noValidate>
      <Notice state={state} />
      <FormField label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={state.fieldErrors?.currentPassword} required />
      <FormField label="New password (8 characters or more)" name="newPassword" type="password" autoComplete="new-password" errors={state.fieldErrors?.newPassword} required />
      <FormField label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" errors={state.fieldErrors?.confirmPassword} required />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}

export function SignOutEverywhereForm() {
  const [state, formAction] = useActionState(signOutEverywhereAction, idle);
  return (
    <form action={formAction} className="flex max-w-md flex-col gap-3">
      <Notice state={state} />
      <SubmitButton pendingLabel="Signing out…" className="bg-red-600 hover:bg-red-500">
        Sign out everywhere
      </SubmitButton>
    </form>
  );
}
