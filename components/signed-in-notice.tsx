/**
 * What `/login` and `/register` show a visitor who is already signed in: who they are, the way on,
 * and a way to switch accounts (sign out first). Plain links and a form: no JavaScript needed.
 */
import Link from 'next/link';
import { signOutAction } from '@/app/(auth)/sign-out';
import type { SessionUser } from '@/lib/auth';

export function SignedInNotice({ user, continueTo = '/dashboard' }: { user: SessionUser; continueTo?: string }) {
  return (
    <section aria-label="Already signed in" className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <p className="break-words">
        You are signed in as <strong className="break-all font-semibold">{user.email}</strong>.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Link href={continueTo} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
          {continueTo === '/dashboard' ? 'Continue to your dashboard' : 'Continue'}
        </Link>
        <form action={signOutAction}>
          <button type="submit" className="whitespace-nowrap rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            Sign out
          </button>
        </form>
      </div>
    </section>
  );
}
