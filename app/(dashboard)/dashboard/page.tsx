/** `/dashboard`: the welcome by name and email, and how many products the user has. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { countAllProducts, countProductsForOwner } from '@/lib/products';
import { requireAuth } from '@/lib/auth';
import { VerifyEmailBanner } from '@/components/verify-email-banner';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const session = await requireAuth();
  const isAdmin = session.user.role === 'admin';
  const [mine, all] = await Promise.all([countProductsForOwner(session.user.id), isAdmin ? countAllProducts() : null]);
  return (
    <div className="flex flex-col gap-6">
      <VerifyEmailBanner user={session.user} />
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold">Welcome, {session.user.name}</h1>
        <p className="text-slate-600 dark:text-slate-400">Email: {session.user.email}</p>
      </div>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Stat label="Your products" value={mine} href="/products" />
        {all !== null ? <Stat label="All products" value={all} href="/products?scope=all" /> : null}
      </dl>
    </div>
  );
}

function Stat({ label, value, href }: { label: string; value: number; href: string }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1 flex items-baseline justify-between gap-2">
        <span className="text-3xl font-semibold" data-testid={`stat-${label.toLowerCase().replace(/\s+/g, '-')}`}>
          {value}
        </span>
        <Link href={href} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          View
        </Link>
      </dd>
    </div>
  );
}
