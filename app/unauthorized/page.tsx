/**
 * Where `requireAdmin` and the edge gate send a signed-in user who is not an admin. The gate
 * decides on the token's role; when the database says the user is an admin now (a promotion
 * since the cookie was issued), this page hands over to `./resume`, which re-issues the cookie
 * and returns to the page in `from` (no JavaScript needed).
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getSession } from '@/lib/auth';
import { safeRedirectPath } from '@/lib/core/safe-redirect';

export const metadata: Metadata = { title: 'Not allowed' };

export default async function UnauthorizedPage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const { from } = await searchParams;
  if (typeof from === 'string' && (await getSession())?.user.role === 'admin') {
    redirect(`/unauthorized/resume?to=${encodeURIComponent(safeRedirectPath(from, '/admin'))}`);
  }
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
