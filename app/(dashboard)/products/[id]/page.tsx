/**
 * `/products/[id]`: one product, for its owner or an admin. Anyone else, a missing product and a
 * malformed id all get the same not-found page. `?confirm=delete` shows the delete confirmation.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Notice } from '@/components/form-notice';
import { LocalTime } from '@/components/local-time';
import { ProductDeleteForm } from '@/components/product-delete-form';
import { requireAuth } from '@/lib/auth';
import { getProductForViewer, viewerOf } from '@/lib/products';
import { formatPrice } from '@/lib/schemas/product';
import { deleteProductAction } from '../actions';

export const metadata: Metadata = { title: 'Product' };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const NOTICES: Record<string, string> = { created: 'Product created.', saved: 'Changes saved.' };

export default async function ProductPage({ params, searchParams }: Props) {
  const session = await requireAuth();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const product = await getProductForViewer(id, viewerOf(session));
  if (!product) notFound();
  const notice = Object.keys(NOTICES).find((key) => query[key] === '1');
  const linkClass = 'font-medium text-indigo-600 hover:underline dark:text-indigo-400';

  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <Link href="/products" className={`text-sm ${linkClass}`}>
        ← Products
      </Link>
      {notice ? <Notice tone="success">{NOTICES[notice]}</Notice> : null}
      <h1 className="break-words text-2xl font-semibold">{product.name}</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-600 dark:text-slate-400">Price</dt>
        <dd data-testid="product-price">{formatPrice(product.priceCents)}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Created</dt>
        <dd>
          <LocalTime iso={product.createdAt.toISOString()} show="absolute" />
        </dd>
        {product.ownerId !== session.user.id ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Owner</dt>
            <dd>Another user (you are viewing as an admin)</dd>
          </>
        ) : null}
      </dl>
      {product.description ? (
        <p className="whitespace-pre-wrap break-words text-slate-700 dark:text-slate-300">{product.description}</p>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No description.</p>
      )}
      {query.confirm === 'delete' ? (
        <ProductDeleteForm productId={product.id} productName={product.name} action={deleteProductAction} />
      ) : (
        <div className="flex gap-4 text-sm">
          <Link href={`/products/${product.id}/edit`} className={linkClass}>
            Edit
          </Link>
          <Link href={`/products/${product.id}?confirm=delete`} className="font-medium text-red-600 hover:underline dark:text-red-400">
            Delete
          </Link>
        </div>
      )}
    </div>
  );
}
