'use client';

import { useActionState } from 'react';
import { ConfirmStep } from '@/components/confirm-step';
import { FormField } from '@/components/form-field';
import { ConfirmItsYou } from '@/components/confirm-its-you';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { changePasswordAction, signOutEverywhereAction } from './actions';

export function ChangePasswordForm() {
  const [state, formAction] = useActionState(changePasswordAction, idleState);
  return (
    <form action={formAction} className="flex max-w-md flex-col gap-4" noValidate>
      <FormNotice state={state} />
      <FormField label="Current password" name="currentPassword" type="password" autoComplete="current-password" errors={state.fieldErrors?.currentPassword} required />
      <FormField label="New password (8 characters or more)" name="newPassword" type="password" autoComplete="new-password" errors={state.fieldErrors?.newPassword} required />
      <FormField label="Repeat the new password" name="confirmPassword" type="password" autoComplete="new-password" errors={state.fieldErrors?.confirmPassword} required />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}

/** Two steps (`ConfirmStep`, no-JS too): ending every session is not undone by a stray click. */
export function SignOutEverywhereForm() {
  const [state, formAction] = useActionState(signOutEverywhereAction, idleState);
  return (
    <div className="flex max-w-md flex-col gap-3">
      <FormNotice state={state} />
      <ConfirmItsYou state={state} action={formAction} />
      <ConfirmStep
        trigger="Sign out everywhere…"
        prompt="Sign out on every device, this one included? You will need your password to sign in again."
        confirmLabel="Yes, sign out everywhere"
        pendingLabel="Signing out…"
        action={formAction}
        danger
        answer={state}
      />
    </div>
  );
}
