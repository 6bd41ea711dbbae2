'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { registerWithPassword } from '../actions';

export function RegisterForm() {
  const [state, formAction] = useActionState(registerWithPassword, idleState);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormNotice state={state} />
      <FormField label="Name" name="name" autoComplete="name" defaultValue={state.values?.name} errors={state.fieldErrors?.name} required />
      <FormField label="Email" name="email" type="email" autoComplete="email" defaultValue={state.values?.email} errors={state.fieldErrors?.email} required />
      <FormField label="Password (8 characters or more)" name="password" type="password" autoComplete="new-password" errors={state.fieldErrors?.password} required />
      <SubmitButton pendingLabel="Creating account…">Create account</SubmitButton>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Already registered?{' '}
        <Link href="/login" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Sign in
        </Link>
      </p>
    </form>
  );
}
