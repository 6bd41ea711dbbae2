/**
 * `GET /api/products` (the caller's own products, newest first, `?limit=` 1..100 default 20,
 * `?cursor=` opaque) → `{ items, nextCursor }`; `POST /api/products` → 201 with the product.
 */
import { createProduct, listProductsForOwner } from '@/db/queries/products';
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { validationFailed } from '@/lib/core/errors';
import { decodeProductCursor, encodeProductCursor } from '@/lib/product-cursor';
import { productJson } from '@/lib/products';
import { createProductSchema } from '@/lib/schemas/product';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function readPaging(url: URL) {
  const issues: Record<string, string[]> = {};
  const rawLimit = url.searchParams.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    limit = /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) issues.limit = [`limit must be an integer from 1 to ${MAX_LIMIT}`];
  }
  const rawCursor = url.searchParams.get('cursor');
  const cursor = rawCursor === null || rawCursor === '' ? null : decodeProductCursor(rawCursor);
  if (rawCursor && !cursor) issues.cursor = ['cursor is not one this API issued'];
  if (Object.keys(issues).length) throw validationFailed(issues);
  return { limit, cursor };
}

export const GET = handler({ access: 'user' }, async ({ session, request }) => {
  const { limit, cursor } = readPaging(new URL(request.url));
  const page = await listProductsForOwner(session.user.id, { limit, cursor });
  return {
    items: page.items.map(productJson),
    nextCursor: page.nextCursor ? encodeProductCursor(page.nextCursor) : null,
  };
});

export const POST = handler({ access: 'user', body: createProductSchema }, async ({ session, body }) => {
  const product = await createProduct(session.user.id, body);
  return json(productJson(product), { status: 201, headers: { Location: `/api/products/${product.id}` } });
});
