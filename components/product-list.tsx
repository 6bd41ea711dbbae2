/**
 * The product table (server-rendered): the name linking to the product, the owner in the admin view,
 * the price and when it was created. The column headers are the sort links (plain links, so sorting
 * works without JavaScript), and the sorted column says so to screen readers with `aria-sort`.
 */
import Link from 'next/link';
import { CELL, ColumnHeader, DataTable } from '@/components/data-table';
import { LocalTime } from '@/components/local-time';
import { formatPrice } from '@/lib/schemas/product';

export interface ProductListItem {
  id: string;
  name: string;
  priceCents: number;
  createdAt: Date;
  ownerName?: string;
  ownerEmail?: string;
}

export type ProductColumnSort = 'newest' | 'name' | 'price';

export const SORT_LABELS: Record<ProductColumnSort, string> = { newest: 'Newest first', name: 'Name (A–Z)', price: 'Price (low to high)' };

interface SortHeaderProps {
  label: string;
  sort: ProductColumnSort;
  current: ProductColumnSort;
  href: string;
  direction: 'ascending' | 'descending';
  /** A right-aligned (numeric) column: the arrow goes before the label so the label lines up with the values. */
  alignEnd?: boolean;
}

function SortHeader({ label, sort, current, href, direction, alignEnd = false }: SortHeaderProps) {
  const active = sort === current;
  return (
    <ColumnHeader aria-sort={active ? direction : undefined} className={alignEnd ? 'text-right' : ''}>
      <Link href={href} className={`inline-flex items-center gap-1 hover:underline ${alignEnd ? 'flex-row-reverse' : ''}`} data-sort-link={sort}>
        {label}
        {/* Always takes its place, so the label does not move when the sort changes. */}
        <span aria-hidden className={active ? '' : 'invisible'}>
          {direction === 'ascending' ? '↑' : '↓'}
        </span>
        {active ? null : <span className="sr-only">, sort by {label.toLowerCase()}</span>}
      </Link>
    </ColumnHeader>
  );
}

export function ProductList({ items, sort, sortHrefs }: { items: ProductListItem[]; sort: ProductColumnSort; sortHrefs: Record<ProductColumnSort, string> }) {
  const showOwner = items.some((item) => item.ownerEmail);
  return (
    <DataTable
      caption={`Products, ${SORT_LABELS[sort].toLowerCase()}`}
      head={
        <>
          <SortHeader label="Name" sort="name" current={sort} href={sortHrefs.name} direction="ascending" />
          {showOwner ? <ColumnHeader className="hidden sm:table-cell">Owner</ColumnHeader> : null}
          <SortHeader label="Price" sort="price" current={sort} href={sortHrefs.price} direction="ascending" alignEnd />
          <SortHeader label="Created" sort="newest" current={sort} href={sortHrefs.newest} direction="descending" />
        </>
      }
    >
      {items.map((item) => (
        <tr key={item.id} data-product-row={item.name}>
          <th scope="row" className={`${CELL} font-medium`}>
            <Link href={`/products/${item.id}`} className="break-words text-indigo-700 hover:underline dark:text-indigo-300">
              {item.name}
            </Link>
            {item.ownerEmail ? <span className="mt-0.5 block wrap-anywhere text-xs font-normal text-slate-600 dark:text-slate-400 sm:hidden">{item.ownerEmail}</span> : null}
          </th>
          {showOwner ? (
            <td className={`${CELL} hidden text-slate-600 dark:text-slate-400 sm:table-cell`}>
              <span className="block">{item.ownerName}</span>
              <span className="block wrap-anywhere text-xs">{item.ownerEmail}</span>
            </td>
          ) : null}
          <td className={`${CELL} whitespace-nowrap text-right tabular-nums`}>{formatPrice(item.priceCents)}</td>
          <td className={`${CELL} whitespace-nowrap text-slate-600 dark:text-slate-400`}>
            <LocalTime iso={item.createdAt.toISOString()} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
