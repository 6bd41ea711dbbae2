import Link from 'next/link';
import { signedInUserForPublicPage } from '@/lib/public-session';

const PRIMARY = 'rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500';
const SECONDARY = 'rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';

/** `/`: what the app is, and the way in; a signed-in visitor is offered their dashboard instead. */
export default async function HomePage() {
  const user = await signedInUserForPublicPage();
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-6 px-6 py-16">
      <h1 className="text-3xl font-semibold">edge-sessions</h1>
      <p className="text-slate-600 dark:text-slate-300">
        Sign in, open a protected dashboard, manage your profile and products. Sessions are encrypted JWT cookies checked at
        the edge and again on the server; a role change, ban or sign-out-everywhere takes effect on your next request.
      </p>
      {user ? (
        <div className="flex flex-col gap-3">
          <p className="break-words text-slate-600 dark:text-slate-300">
            You are signed in as <strong className="break-all font-semibold text-slate-900 dark:text-slate-100">{user.email}</strong>.
          </p>
          <div className="flex gap-3">
            <Link className={PRIMARY} href="/dashboard">
              Go to dashboard
            </Link>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-3">
          <Link className={PRIMARY} href="/login">
            Sign in
          </Link>
          <Link className={SECONDARY} href="/register">
            Create an account
          </Link>
        </div>
      )}
    </main>
  );
}
