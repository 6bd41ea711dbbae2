/**
 * `GET/PATCH/DELETE /api/products/:id` for the owner or an admin. Everyone else, and every
 * malformed id, gets the same 404 as a product that does not exist: the ownership test is in
 * the SQL, so there is no second path that could answer differently. DELETE answers 204.
 */
import { handler } from '@/lib/api/handler';
import { notFound } from '@/lib/core/errors';
import { idParamsSchema } from '@/lib/core/validation';
import { deleteProduct, getProductForViewer, productJson, updateProduct, viewerOf } from '@/lib/products';
import { updateProductSchema } from '@/lib/schemas/product';

export const GET = handler({ access: 'user', params: idParamsSchema }, async ({ session, params }) => {
  const product = await getProductForViewer(params.id, viewerOf(session));
  if (!product) throw notFound();
  return productJson(product);
});

export const PATCH = handler({ access: 'user', body: updateProductSchema, params: idParamsSchema }, async ({ session, params, body }) => {
  const product = await updateProduct(params.id, viewerOf(session), body);
  if (!product) throw notFound();
  return productJson(product);
});

export const DELETE = handler({ access: 'user', params: idParamsSchema }, async ({ session, params }) => {
  if (!(await deleteProduct(params.id, viewerOf(session)))) throw notFound();
  return new Response(null, { status: 204 });
});
