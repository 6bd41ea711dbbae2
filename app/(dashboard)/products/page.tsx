/**
 * `/products`: the signed-in user's products, a page at a time, with a name search (`?q=`), a sort
 * (`?sort=newest|name|price`) and the total; admins may switch to every product with `?scope=all`
 * (for anyone else the switch is ignored). Every control is a link or a GET form: no JavaScript needed.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/form-notice';
import { ProductList } from '@/components/product-list';
import { ProductSearch } from '@/components/product-search';
import { requireAuth, withSession } from '@/lib/auth';
import { listProductPage, PRODUCT_SORTS, readProductListParams, type ProductSort } from '@/lib/products';

export const metadata: Metadata = { title: 'Products' };

const PAGE_SIZE = 20;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const linkClass = 'font-medium text-indigo-700 hover:underline dark:text-indigo-300';
const buttonClass = 'rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500';

/** This page's URL with only the parameters that differ from the defaults. */
function productsHref(state: { all: boolean; q: string; sort: ProductSort; cursor?: string }): string {
  const params = new URLSearchParams();
  if (state.all) params.set('scope', 'all');
  if (state.q) params.set('q', state.q);
  if (state.sort !== 'newest') params.set('sort', state.sort);
  if (state.cursor) params.set('cursor', state.cursor);
  const query = params.toString();
  return query ? `/products?${query}` : '/products';
}

export default async function ProductsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const { q, sort, cursor, qError } = readProductListParams(params);
  // The page is read beside the session check (a cursor we did not issue for this sort means "from the
  // start"), and shown only once the check has passed.
  const { session, data: page } = await withSession(requireAuth, (user) =>
    listProductPage({ ownerId: user.id, all: user.role === 'admin' && params.scope === 'all', limit: PAGE_SIZE, cursor, sort, q, withTotal: true }),
  );
  const isAdmin = session.user.role === 'admin';
  const all = isAdmin && params.scope === 'all';
  const total = page.total ?? 0;
  const here = { all, q, sort };
  const sortHrefs = Object.fromEntries(PRODUCT_SORTS.map((s) => [s, productsHref({ ...here, sort: s })])) as Record<ProductSort, string>;
  const nothingAtAll = total === 0 && !q;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{all ? 'All products' : 'My products'}</h1>
        <Link href="/products/new" className={buttonClass}>
          New product
        </Link>
      </div>
      {isAdmin ? (
        <nav aria-label="Product scope" className="flex gap-2 text-sm">
          <ScopeLink href="/products" active={!all}>
            Mine
          </ScopeLink>
          <ScopeLink href="/products?scope=all" active={all}>
            All products
          </ScopeLink>
        </nav>
      ) : null}
      {params.deleted === '1' ? <Notice tone="success">Product deleted.</Notice> : null}
      {nothingAtAll ? (
        <EmptyState all={all} />
      ) : (
        <>
          <ProductSearch q={q} sort={sort} all={all} error={qError} />
          <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="product-total">
            {total === 1 ? '1 product' : `${total} products`}
            {q ? ` matching “${q}”` : ''}
          </p>
          {page.items.length ? (
            <ProductList items={page.items} sort={sort} sortHrefs={sortHrefs} />
          ) : (
            <p className="text-slate-700 dark:text-slate-300">
              {q && page.fromStart ? `No products match “${q}”.` : 'No more products.'}{' '}
              {q ? (
                <Link href={productsHref({ ...here, q: '' })} className={linkClass}>
                  Clear search
                </Link>
              ) : null}
            </p>
          )}
        </>
      )}
      <div className="flex gap-4 text-sm">
        {!page.fromStart ? (
          <Link href={productsHref(here)} className={linkClass}>
            First page
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={productsHref({ ...here, cursor: page.nextCursor })} className={linkClass}>
            Next page
          </Link>
        ) : null}
      </div>
    </div>
  );
}

/** Nothing to list yet: say what products are and offer the one next step. */
function EmptyState({ all }: { all: boolean }) {
  return (
    <section aria-labelledby="empty-products" className="flex flex-col items-start gap-3 rounded-md border border-dashed border-slate-300 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
      <h2 id="empty-products" className="text-lg font-semibold">
        No products yet
      </h2>
      <p className="max-w-prose text-slate-700 dark:text-slate-300">
        {all
          ? 'Nobody has created a product yet.'
          : 'Products you create appear here: each has a name, a price and an optional description, and only you (and admins) can see it.'}
      </p>
      <Link href="/products/new" className={buttonClass}>
        Create product
      </Link>
    </section>
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
