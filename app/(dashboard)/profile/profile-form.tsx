'use client';
/** Name and bio. A plain form post without JavaScript; `useActionState` with a pending button with it. */
import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/actions/safe-action';
import { updateProfile } from './actions';
import { FormStatus } from './form-status';

export function ProfileForm({ name, bio }: { name: string; bio: string }) {
  const [state, formAction] = useActionState(updateProfile, { status: 'idle' } as ActionState);
  // On error the submitted values stay in the fields; otherwise the saved ones.
  const values = state.status === 'error' ? state.values : undefined;
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormStatus state={state} />
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
