import type { Metadata } from 'next';
import Link from 'next/link';
import { linkProblem, TOKEN_MESSAGES } from '@/lib/account-recovery/tokens';
import { ResetPasswordForm } from './reset-password-form';

export const metadata: Metadata = { title: 'Set a new password' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * `/reset-password?token=…`: the emailed link. Looking at the page changes nothing; the form's post
 * sets the password (works without JavaScript). A link that cannot be used says why.
 */
export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token } = await searchParams;
  const problem = await linkProblem(token, 'password_reset');
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold">Set a new password</h1>
      {problem || typeof token !== 'string' ? (
        <>
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
            {TOKEN_MESSAGES[problem ?? 'unknown']}
          </p>
          <Link href="/forgot-password" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Ask for a new link
          </Link>
        </>
      ) : (
        <>
          <p className="text-sm text-slate-600 dark:text-slate-400">Setting a new password signs out every device; this browser is then signed in.</p>
          <ResetPasswordForm token={token} />
        </>
      )}
    </main>
  );
}
