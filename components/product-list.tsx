/** A list of products (server-rendered): name linking to the product, price, date, and the owner in the admin view. */
import Link from 'next/link';
import { formatPrice } from '@/lib/schemas/product';

export interface ProductListItem {
  id: string;
  name: string;
  priceCents: number;
  createdAt: Date;
  ownerName?: string;
  ownerEmail?: string;
}

export function ProductList({ items }: { items: ProductListItem[] }) {
  return (
    <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" aria-label="Products">
      {items.map((item) => (
        <li key={item.id} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0">
            <Link href={`/products/${item.id}`} className="break-words font-medium text-indigo-600 hover:underline dark:text-indigo-400">
              {item.name}
            </Link>
            {item.ownerEmail ? (
              <p className="text-xs text-slate-500">
                Owner: {item.ownerName} ({item.ownerEmail})
              </p>
            ) : null}
          </div>
          <div className="flex gap-4 text-sm text-slate-600 dark:text-slate-400">
            <span>{formatPrice(item.priceCents)}</span>
            <time dateTime={item.createdAt.toISOString()}>{item.createdAt.toISOString().slice(0, 10)}</time>
          </div>
        </li>
      ))}
    </ul>
  );
}
