/**
 * The search and sort of the product lists: a GET form (`?q=&sort=`, plus `scope=all` in the admin
 * view), so it works without JavaScript; submitting starts from the first page (no cursor).
 */
import { SORT_LABELS, type ProductColumnSort } from '@/components/product-list';

const field = 'rounded-md border border-slate-400 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900';

export function ProductSearch({ q, sort, all, error }: { q: string; sort: ProductColumnSort; all: boolean; error: string | null }) {
  return (
    <form method="get" action="/products" role="search" aria-label="Products" className="flex flex-wrap items-end gap-2">
      {all ? <input type="hidden" name="scope" value="all" /> : null}
      <div className="flex min-w-0 flex-1 basis-48 flex-col gap-1">
        <label htmlFor="product-search" className="text-sm font-medium">
          Search by name
        </label>
        <input id="product-search" type="search" name="q" defaultValue={q} maxLength={100} aria-describedby={error ? 'product-search-error' : undefined} aria-invalid={error ? true : undefined} className={field} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="product-sort" className="text-sm font-medium">
          Sort by
        </label>
        <select id="product-sort" name="sort" defaultValue={sort} className={field}>
          {(Object.keys(SORT_LABELS) as ProductColumnSort[]).map((value) => (
            <option key={value} value={value}>
              {SORT_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="rounded-md border border-slate-400 px-4 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
        Search
      </button>
      {error ? (
        <p id="product-search-error" role="alert" className="basis-full text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}
