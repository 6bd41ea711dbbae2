/**
 * Products above SQL, in one place: the viewer a session stands for, a page of a list with its
 * opaque cursor, the `?limit=&cursor=` of `GET /api/products`, and the JSON shape of a product.
 * The SQL (ownership in the WHERE clause) is `db/queries/products.ts`; the cursor is the shared
 * keyset one (`db/queries/keyset.ts`).
 */
import 'server-only';
import { decodeCursor, encodeCursor } from '@/db/queries/keyset';
import { listAllProducts, listProductsForOwner, type Product, type ProductViewer } from '@/db/queries/products';
import type { AppSession } from '@/lib/auth';
import { validationFailed } from '@/lib/core/errors';

export { countAllProducts, countProductsFor, countProductsForOwner, createProduct, deleteProduct, getProductForViewer, getProductOwnerId, updateProduct } from '@/db/queries/products';

/** Owner-or-admin access for this session. */
export function viewerOf(session: AppSession): ProductViewer {
  return { userId: session.user.id, isAdmin: session.user.role === 'admin' };
}

/**
 * One page of the owner's products, or of every product (`all`, admins only: the caller checks
 * the role). A cursor that does not decode starts from the beginning; `nextCursor` is opaque.
 */
export async function listProductPage(options: { ownerId: string; all?: boolean; limit: number; cursor?: string | null }) {
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  const page = options.all
    ? await listAllProducts({ limit: options.limit, cursor })
    : await listProductsForOwner(options.ownerId, { limit: options.limit, cursor });
  return { items: page.items, nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null, fromStart: !cursor };
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** `?limit=` 1..100 (default 20) and a `?cursor=` this API issued, else a 422 naming the field. */
export function readProductPaging(url: URL): { limit: number; cursor: string | null } {
  const issues: Record<string, string[]> = {};
  const rawLimit = url.searchParams.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    limit = /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) issues.limit = [`limit must be an integer from 1 to ${MAX_LIMIT}`];
  }
  const cursor = url.searchParams.get('cursor') || null;
  if (cursor && !decodeCursor(cursor)) issues.cursor = ['cursor is not one this API issued'];
  if (Object.keys(issues).length) throw validationFailed(issues);
  return { limit, cursor };
}

export function productJson(product: Product) {
  return {
    id: product.id,
    ownerId: product.ownerId,
    name: product.name,
    description: product.description,
    priceCents: product.priceCents,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
