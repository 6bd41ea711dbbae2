'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { SubmitButton } from '@/components/submit-button';
import type { ActionState } from '@/lib/actions/safe-action';
import { signInWithPassword } from '../actions';

export function LoginForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const [state, formAction] = useActionState(signInWithPassword, { status: 'idle' } as ActionState);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      {notice && state.status === 'idle' ? <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">{notice}</p> : null}
      {state.status === 'error' ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <FormField label="Email" name="email" type="email" autoComplete="email" defaultValue={state.values?.email} required />
      <FormField label="Password" name="password" type="password" autoComplete="current-password" required />
      <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No account yet?{' '}
        <Link href="/register" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Create one
        </Link>
      </p>
    </form>
  );
}
