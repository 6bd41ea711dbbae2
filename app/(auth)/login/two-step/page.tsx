import type { Metadata } from 'next';
import Link from 'next/link';
import { hasPendingCookie } from '@/lib/auth';
import { safeRedirectPath } from '@/lib/core/safe-redirect';
import { TwoStepForm } from './two-step-form';

export const metadata: Metadata = { title: 'Two-step verification' };

/**
 * The second sign-in step: the password was right and the account has an authenticator app. The
 * pending state is in this browser's cookies (lib/auth/two-step-pending.ts); `?method=recovery`
 * asks for a recovery code instead (a plain link: works without JavaScript).
 */
export default async function TwoStepPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined);
  const recovery = params.method === 'recovery';
  const pending = await hasPendingCookie();
  const switchQuery = new URLSearchParams({ callbackUrl, ...(recovery ? {} : { method: 'recovery' }) });
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold">Two-step verification</h1>
      {pending ? (
        <>
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {recovery ? 'Enter one of the recovery codes you saved when you set up two-step verification. Each code works once.' : 'Enter the 6-digit code from your authenticator app'}
          </p>
          <TwoStepForm callbackUrl={callbackUrl} recovery={recovery} />
          <Link href={`/login/two-step?${switchQuery}`} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            {recovery ? 'Use your authenticator app' : 'Use a recovery code'}
          </Link>
        </>
      ) : (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">Your sign-in has expired. Please sign in again.</p>
      )}
      <Link href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        Back to sign in
      </Link>
    </main>
  );
}
