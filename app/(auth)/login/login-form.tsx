'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { SIGN_IN_FAILURES } from '@/lib/sign-in-messages';
import { signInWithPassword } from '../actions';

export function LoginForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const [state, formAction] = useActionState(signInWithPassword, idleState);
  return (
    // No `noValidate`: the browser refuses an empty form (`required`) before anything is posted.
    <form action={formAction} className="flex flex-col gap-4">
      {notice && state.status === 'idle' ? <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">{notice}</p> : null}
      <FormNotice state={state} />
      {[state.message, notice].includes(SIGN_IN_FAILURES.rate_limited.form) ? (
        <p className="text-sm">
          Locked out?{' '}
          <Link href="/forgot-password" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Reset your password by email
          </Link>
        </p>
      ) : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {/* `webauthn`: the browser may offer this account's passkeys here (passkey autofill, ./passkey-sign-in.tsx). */}
      <FormField label="Email" name="email" type="email" autoComplete="username webauthn" defaultValue={state.values?.email} errors={state.fieldErrors?.email} required />
      <FormField label="Password" name="password" type="password" autoComplete="current-password" errors={state.fieldErrors?.password} required />
      <Link href="/forgot-password" className="-mt-2 self-end text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        Forgot password?
      </Link>
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
