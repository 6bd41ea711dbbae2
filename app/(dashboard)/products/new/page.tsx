/** `/products/new`: the create form. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { ProductCreateForm } from '@/components/product-create-form';
import { requireAuth } from '@/lib/auth';
import { createProductAction } from '../actions';

export const metadata: Metadata = { title: 'New product' };

export default async function NewProductPage() {
  await requireAuth();
  return (
    <div className="flex flex-col gap-4">
      <Link href="/products" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
        ← Products
      </Link>
      <h1 className="text-2xl font-semibold">New product</h1>
      <ProductCreateForm action={createProductAction} />
    </div>
  );
}
