/**
 * `/products/[id]/edit`: a missing product (or malformed id) is a 404; someone else's product
 * sends a non-admin back to `/products`. The form's action checks all of this again itself.
 */
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ProductEditForm } from '@/components/product-edit-form';
import { checkOwnership, requireAuth } from '@/lib/auth';
import { getProductForViewer, getProductOwnerId, viewerOf } from '@/lib/products';
import { updateProductAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit product' };

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireAuth();
  const { id } = await params;
  // Only the owner id is read before the access decision: no product data for a non-owner.
  const ownerId = await getProductOwnerId(id);
  if (!ownerId) notFound();
  const allowed = session.user.role === 'admin' || (await checkOwnership(ownerId));
  if (!allowed) redirect('/products');
  const product = await getProductForViewer(id, viewerOf(session));
  // Deleted between the two reads.
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
