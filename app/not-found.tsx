/** The 404 page for unknown URLs and `notFound()` (e.g. a missing product). */
import type { Metadata } from 'next';
import Link from 'next/link';
import { signedInUserForPublicPage } from '@/lib/public-session';

export const metadata: Metadata = { title: 'Page not found' };

const LINK = 'font-medium text-indigo-600 hover:underline dark:text-indigo-400';

export default async function NotFound() {
  // The way back depends on who is looking: the dashboard is only a way back for a signed-in user.
  const user = await signedInUserForPublicPage();
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-4 px-6">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="text-2xl font-semibold">We couldn’t find that page</h1>
      <p className="text-slate-600 dark:text-slate-400">The link may be broken, or the page may have been removed or never existed.</p>
      {user ? (
        <Link href="/dashboard" className={LINK}>
          Back to your dashboard
        </Link>
      ) : (
        <div className="flex gap-4">
          <Link href="/" className={LINK}>
            Home
          </Link>
          <Link href="/login" className={LINK}>
            Sign in
          </Link>
        </div>
      )}
    </main>
  );
}
