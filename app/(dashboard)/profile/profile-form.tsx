'use client';
/** Name and bio. A plain form post without JavaScript; `useActionState` with a pending button with it. */
import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { updateProfile } from './actions';

export function ProfileForm({ name, bio }: { name: string; bio: string }) {
  const [state, formAction] = useActionState(updateProfile, idleState);
  // On error the submitted values stay in the fields; otherwise the saved ones.
  const values = state.status === 'error' ? state.values : undefined;
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormNotice state={state} />
      <FormField label="Name" name="name" autoComplete="name" defaultValue={values?.name ?? name} errors={state.fieldErrors?.name} required />
      <FormField label="Bio (up to 500 characters)" name="bio" multiline defaultValue={values?.bio ?? bio} errors={state.fieldErrors?.bio} />
      <div>
        <SubmitButton pendingLabel="Saving…" className="w-full sm:w-auto">
          Save profile
        </SubmitButton>
      </div>
    </form>
  );
}
