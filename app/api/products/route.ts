/**
 * `GET /api/products` (the caller's own products, newest first unless `?sort=name|price`, `?q=` a
 * name search, `?limit=` 1..100 default 20, `?cursor=` opaque) → `{ items, nextCursor }`;
 * `POST /api/products` → 201 with the product.
 */
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { createProduct, listProductPage, productJson, readProductListQuery } from '@/lib/products';
import { createProductSchema } from '@/lib/schemas/product';

// The page is read beside the session check (`read`); a bad `?limit=`/`?cursor=`/`?sort=` is still
// a 422 only once the session is known to be good (an anonymous request gets its 401 first).
export const GET = handler(
  { access: 'user', read: ({ user, request }) => listProductPage({ ownerId: user.id, ...readProductListQuery(new URL(request.url)) }) },
  async ({ read: page }) => ({ items: page.items.map(productJson), nextCursor: page.nextCursor }),
);

export const POST = handler({ access: 'user', body: createProductSchema }, async ({ session, body }) => {
  const product = await createProduct(session.user.id, body);
  return json(productJson(product), { status: 201, headers: { Location: `/api/products/${product.id}` } });
});
