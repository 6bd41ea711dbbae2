import type { Metadata } from 'next';
import Link from 'next/link';
import { linkProblem, TOKEN_MESSAGES } from '@/lib/account-recovery/tokens';
import { VerifyEmailForm } from './verify-email-form';

export const metadata: Metadata = { title: 'Verify your email' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const link = 'text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400';

/** `/verify-email?token=…`: the emailed link; the button's post verifies (no GET changes state). */
export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const { token, verified } = await searchParams;
  if (verified === '1') {
    return (
      <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
        <h1 className="text-2xl font-semibold">Email verified</h1>
        <p role="status" className="rounded-md bg-green-50 p-3 text-sm text-green-800 dark:bg-green-950 dark:text-green-200">
          Your email address is verified.
        </p>
        <Link href="/dashboard" className={link}>
          Go to the dashboard
        </Link>
      </main>
    );
  }
  const problem = await linkProblem(token, 'email_verification');
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold">Verify your email</h1>
      {problem || typeof token !== 'string' ? (
        <>
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
            {TOKEN_MESSAGES[problem ?? 'unknown']}
          </p>
          <Link href="/dashboard" className={link}>
            Signed in? Send a new link from the dashboard
          </Link>
        </>
      ) : (
        <VerifyEmailForm token={token} />
      )}
    </main>
  );
}
