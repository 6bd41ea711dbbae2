/** The 404 page for unknown URLs and `notFound()` (e.g. a missing product). */
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-4 px-6">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="text-2xl font-semibold">We couldn’t find that page</h1>
      <p className="text-slate-600 dark:text-slate-400">The link may be broken, or the page may have been removed or never existed.</p>
      <Link href="/dashboard" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        Back to your dashboard
      </Link>
    </main>
  );
}
