/**
 * `GET /api/products` (the caller's own products, newest first unless `?sort=name|price`, `?q=` a
 * name search, `?limit=` 1..100 default 20, `?cursor=` opaque) → `{ items, nextCursor }`;
 * `POST /api/products` → 201 with the product.
 */
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { createProduct, listProductPage, productJson, readProductListQuery } from '@/lib/products';
import { createProductSchema } from '@/lib/schemas/product';

export const GET = handler({ access: 'user' }, async ({ session, request }) => {
  const { limit, cursor, sort, q } = readProductListQuery(new URL(request.url));
  const page = await listProductPage({ ownerId: session.user.id, limit, cursor, sort, q });
  return { items: page.items.map(productJson), nextCursor: page.nextCursor };
});

export const POST = handler({ access: 'user', body: createProductSchema }, async ({ session, body }) => {
  const product = await createProduct(session.user.id, body);
  return json(productJson(product), { status: 201, headers: { Location: `/api/products/${product.id}` } });
});
