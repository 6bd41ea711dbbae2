/** Where `requireAdmin` sends a signed-in user who is not an admin. */
import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Not allowed' };

export default function UnauthorizedPage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-4 px-6">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">403</p>
      <h1 className="text-2xl font-semibold">You don’t have access to that page</h1>
      <p className="text-slate-600 dark:text-slate-400">It needs an administrator account. If you think you should have access, ask an administrator.</p>
      <Link href="/dashboard" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        Back to your dashboard
      </Link>
    </main>
  );
}
