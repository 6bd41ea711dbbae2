/**
 * `GET/PATCH/DELETE /api/products/:id` for the owner or an admin. Everyone else, and every
 * malformed id, gets the same 404 as a product that does not exist: the ownership test is in
 * the SQL, so there is no second path that could answer differently. DELETE answers 204.
 */
import { deleteProduct, getProductForViewer, updateProduct } from '@/db/queries/products';
import { handler } from '@/lib/api/handler';
import { notFound } from '@/lib/core/errors';
import { productJson, viewerOf } from '@/lib/products';
import { updateProductSchema } from '@/lib/schemas/product';

type Params = { id: string };

export const GET = handler<'user', undefined, Params>({ access: 'user' }, async ({ session, params }) => {
  const product = await getProductForViewer(params.id, viewerOf(session));
  if (!product) throw notFound();
  return productJson(product);
});

export const PATCH = handler<'user', typeof updateProductSchema, Params>(
  { access: 'user', body: updateProductSchema },
  async ({ session, params, body }) => {
    const product = await updateProduct(params.id, viewerOf(session), body);
    if (!product) throw notFound();
    return productJson(product);
  },
);

export const DELETE = handler<'user', undefined, Params>({ access: 'user' }, async ({ session, params }) => {
  if (!(await deleteProduct(params.id, viewerOf(session)))) throw notFound();
  return new Response(null, { status: 204 });
});
