/**
 * `/dashboard`: what a signed-in user comes back for: their latest products (or the first step when
 * there are none), how many they have, and their account at a glance (role, when this session signed
 * in, where to change profile and password). The header already shows who is signed in.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { LocalTime } from '@/components/local-time';
import { requireAuth, withSession } from '@/lib/auth';
import { countAllProducts, listProductPage } from '@/lib/products';
import { formatPrice } from '@/lib/schemas/product';
import { VerifyEmailBanner } from '@/components/verify-email-banner';

export const metadata: Metadata = { title: 'Dashboard' };

const RECENT = 5;

const card = 'rounded-md border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
const label = 'text-sm text-slate-600 dark:text-slate-400';
const link = 'text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300';
const button = 'inline-block rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500';

export default async function DashboardPage() {
  // The reads start beside the session check (same round trip), and are shown only once it has passed.
  const { session, data } = await withSession(requireAuth, (user) =>
    Promise.all([listProductPage({ ownerId: user.id, limit: RECENT, withTotal: true }), user.role === 'admin' ? countAllProducts() : null]),
  );
  const [recent, all] = data;
  const isAdmin = session.user.role === 'admin';
  const mine = recent.total ?? 0;
  return (
    <div className="flex flex-col gap-6">
      <VerifyEmailBanner user={session.user} />
      <h1 className="text-2xl font-semibold">Welcome, {session.user.name}</h1>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <dl className={card}>
          <Stat name="Your products" value={mine} href="/products" more="your products" />
        </dl>
        {all !== null ? (
          <dl className={card}>
            <Stat name="All products" value={all} href="/products?scope=all" more="all products" />
          </dl>
        ) : null}
        <section aria-labelledby="account-heading" className={`${card} flex flex-col gap-2`}>
          <h2 id="account-heading" className="font-semibold">
            Your account
          </h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className={label}>Role</dt>
            <dd data-testid="account-role">{isAdmin ? 'Admin' : 'User'}</dd>
            <dt className={label}>Signed in since</dt>
            <dd data-testid="signed-in-since">
              <LocalTime iso={new Date(session.authTime * 1000).toISOString()} show="absolute" />
            </dd>
          </dl>
          <p className="flex flex-wrap gap-x-4 gap-y-1">
            <Link href="/profile" className={link}>
              Edit profile
            </Link>
            <Link href="/profile/security" className={link}>
              Password and sessions
            </Link>
          </p>
        </section>
      </div>
      {recent.items.length ? (
        <section aria-labelledby="recent-heading" className="flex flex-col gap-3">
          <div className="flex items-baseline justify-between gap-3">
            <h2 id="recent-heading" className="text-lg font-semibold">
              Recent products
            </h2>
            <Link href="/products" className={link}>
              View all<span className="sr-only"> your products</span>
            </Link>
          </div>
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="recent-products">
            {recent.items.map((p) => (
              <li key={p.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 px-4 py-3">
                <Link href={`/products/${p.id}`} className="min-w-0 break-words font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                  {p.name}
                </Link>
                <span className="flex gap-4 text-sm text-slate-600 dark:text-slate-400">
                  <span className="tabular-nums">{formatPrice(p.priceCents)}</span>
                  <LocalTime iso={p.createdAt.toISOString()} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <section aria-labelledby="first-product-heading" className={`${card} flex flex-col items-start gap-3 border-dashed p-6`}>
          <h2 id="first-product-heading" className="text-lg font-semibold">
            Create your first product
          </h2>
          <p className="max-w-prose text-slate-700 dark:text-slate-300">
            Give it a name and a price; it shows up here and under Products, visible to you and to admins only.
          </p>
          <Link href="/products/new" className={button}>
            Create product
          </Link>
        </section>
      )}
    </div>
  );
}

function Stat({ name, value, href, more }: { name: string; value: number; href: string; more: string }) {
  return (
    <>
      <dt className={label}>{name}</dt>
      <dd className="mt-1 flex items-baseline justify-between gap-2">
        <span className="text-3xl font-semibold" data-testid={`stat-${name.toLowerCase().replace(/\s+/g, '-')}`}>
          {value}
        </span>
        <Link href={href} className={link}>
          View<span className="sr-only"> {more}</span>
        </Link>
      </dd>
    </>
  );
}
