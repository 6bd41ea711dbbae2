'use client';

import { useActionState } from 'react';
import { resendVerificationAction } from '@/app/(auth)/account-actions';
import { FormNotice } from '@/components/form-notice';
import { idleState } from '@/lib/actions/action-state';

/** Until the email is verified (the token's claim): a banner with "Resend" (throttled; works without JavaScript). */
export function VerifyEmailBanner({ user }: { user: { email: string; emailVerified: boolean } }) {
  const [state, formAction] = useActionState(resendVerificationAction, idleState);
  if (user.emailVerified) return null;
  return (
    <section aria-label="Email verification" className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p>
        Please verify your email address: we sent a link to <strong>{user.email}</strong>.
      </p>
      <form action={formAction} className="flex flex-wrap items-center gap-3">
        <button type="submit" className="rounded-md border border-amber-400 px-3 py-1 font-medium hover:bg-amber-100 dark:border-amber-700 dark:hover:bg-amber-900">
          Resend the link
        </button>
        <FormNotice state={state} compact />
      </form>
    </section>
  );
}
