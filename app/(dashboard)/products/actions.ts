'use server';
/**
 * Server actions for the product pages. Each one checks the session itself (validatedAction) and
 * puts ownership in the SQL: a tampered hidden id, someone else's product and a deleted one all
 * end the same way, "Product not found.", with nothing changed.
 */
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { formToObject, validatedAction } from '@/lib/actions/safe-action';
import { createProduct, deleteProduct, updateProduct, viewerOf } from '@/lib/products';
import { productDeleteFormSchema, productEditFormSchema, productFormSchema } from '@/lib/schemas/product';

const NOT_FOUND = 'Product not found.';

export const createProductAction = validatedAction('user', productFormSchema, async (data, session) => {
  const product = await createProduct(session.user.id, { name: data.name, description: data.description, priceCents: data.price });
  revalidatePath('/products');
  revalidatePath('/dashboard');
  redirect(`/products/${product.id}?created=1`);
});

export const updateProductAction = validatedAction('user', productEditFormSchema, async (data, session, formData) => {
  const product = await updateProduct(data.id, viewerOf(session), { name: data.name, description: data.description, priceCents: data.price });
  if (!product) return { status: 'error', message: NOT_FOUND, values: formToObject(formData) };
  revalidatePath('/products');
  revalidatePath(`/products/${product.id}`);
  redirect(`/products/${product.id}?saved=1`);
});

export const deleteProductAction = validatedAction('user', productDeleteFormSchema, async (data, session) => {
  if (!(await deleteProduct(data.id, viewerOf(session)))) return { status: 'error', message: NOT_FOUND };
  revalidatePath('/products');
  revalidatePath('/dashboard');
  redirect('/products?deleted=1');
});
