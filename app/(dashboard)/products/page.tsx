/**
 * `/products`: the signed-in user's products, newest first, a page at a time (`?cursor=`).
 * Admins may switch to every product with `?scope=all`; for anyone else the switch is ignored.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/form-notice';
import { ProductList } from '@/components/product-list';
import { requireAuth, withSession } from '@/lib/auth';
import { listProductPage } from '@/lib/products';

export const metadata: Metadata = { title: 'Products' };

const PAGE_SIZE = 20;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ProductsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // A cursor we did not issue just means "from the start".
  const cursor = typeof params.cursor === 'string' ? params.cursor : null;
  // The page is read beside the session check, and shown only once it has passed.
  const { session, data: page } = await withSession(requireAuth, (user) =>
    listProductPage({ ownerId: user.id, all: user.role === 'admin' && params.scope === 'all', limit: PAGE_SIZE, cursor }),
  );
  const isAdmin = session.user.role === 'admin';
  const scopeAll = isAdmin && params.scope === 'all';

  const base = scopeAll ? '/products?scope=all' : '/products';
  const nextHref = page.nextCursor ? `${base}${scopeAll ? '&' : '?'}cursor=${page.nextCursor}` : null;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{scopeAll ? 'All products' : 'My products'}</h1>
        <Link href="/products/new" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
          New product
        </Link>
      </div>
      {isAdmin ? (
        <nav aria-label="Product scope" className="flex gap-2 text-sm">
          <ScopeLink href="/products" active={!scopeAll}>
            Mine
          </ScopeLink>
          <ScopeLink href="/products?scope=all" active={scopeAll}>
            All products
          </ScopeLink>
        </nav>
      ) : null}
      {params.deleted === '1' ? (
        <Notice tone="success">Product deleted.</Notice>
      ) : null}
      {page.items.length ? (
        <ProductList items={page.items} />
      ) : (
        <p className="text-slate-600 dark:text-slate-400">{page.fromStart ? 'No products yet.' : 'No more products.'}</p>
      )}
      <div className="flex gap-4 text-sm">
        {!page.fromStart ? (
          <Link href={base} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            First page
          </Link>
        ) : null}
        {nextHref ? (
          <Link href={nextHref} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            Next page
          </Link>
        ) : null}
      </div>
    </div>
  );
}

function ScopeLink({ href, active, children }: { href: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={active ? 'page' : undefined}
      className={`rounded-md px-3 py-1.5 font-medium ${active ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
    >
      {children}
    </Link>
  );
}
