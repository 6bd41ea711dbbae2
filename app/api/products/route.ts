/**
 * `GET /api/products` (the caller's own products, newest first, `?limit=` 1..100 default 20,
 * `?cursor=` opaque) → `{ items, nextCursor }`; `POST /api/products` → 201 with the product.
 */
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { createProduct, listProductPage, productJson, readProductPaging } from '@/lib/products';
import { createProductSchema } from '@/lib/schemas/product';

export const GET = handler({ access: 'user' }, async ({ session, request }) => {
  const { limit, cursor } = readProductPaging(new URL(request.url));
  const page = await listProductPage({ ownerId: session.user.id, limit, cursor });
  return { items: page.items.map(productJson), nextCursor: page.nextCursor };
});

export const POST = handler({ access: 'user', body: createProductSchema }, async ({ session, body }) => {
  const product = await createProduct(session.user.id, body);
  return json(productJson(product), { status: 201, headers: { Location: `/api/products/${product.id}` } });
});
