/**
 * `/products/[id]/edit`: a missing product, a malformed id and someone else's product (for a
 * non-admin) are the same 404, so the page tells no one which ids exist (the product page does the
 * same). The form's action checks all of this again itself, with the same "not found".
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProductEditForm } from '@/components/product-edit-form';
import { requireAuth } from '@/lib/auth';
import { getProductForViewer, viewerOf } from '@/lib/products';
import { updateProductAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit product' };

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireAuth();
  const { id } = await params;
  // Ownership is in the query: a non-owner's read returns nothing, exactly like a missing id.
  const product = await getProductForViewer(id, viewerOf(session));
  if (!product) notFound();

  return (
    <div className="flex flex-col gap-4">
      <Link href={`/products/${product.id}`} className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        ← Back to the product
      </Link>
      <h1 className="text-2xl font-semibold">Edit product</h1>
      <ProductEditForm
        product={{ id: product.id, name: product.name, description: product.description, priceCents: product.priceCents }}
        action={updateProductAction}
      />
    </div>
  );
}
