/**
 * Products above SQL, in one place: the viewer a session stands for, a page of a list (sort, name
 * search, opaque cursor, total), the list parameters of the page (`?q=&sort=&cursor=`, lenient) and
 * of `GET /api/products` (`?limit=&cursor=&q=&sort=`, strict: 422), and the JSON shape of a product.
 * The SQL (ownership in the WHERE clause) is `db/queries/products.ts` and `db/queries/product-lists.ts`;
 * the cursor is the shared keyset one (`db/queries/keyset.ts`).
 */
import 'server-only';
import { decodeCursor, encodeCursor } from '@/db/queries/keyset';
import { countProducts, listAllProducts, listProductsForOwner, productOrder, PRODUCT_SORTS, type ProductSort } from '@/db/queries/product-lists';
import type { Product, ProductViewer } from '@/db/queries/products';
import type { AppSession } from '@/lib/auth';
import { validationFailed } from '@/lib/core/errors';
import { productSearchSchema } from '@/lib/schemas/product';

export { createProduct, deleteProduct, getProductForViewer, updateProduct } from '@/db/queries/products';
export { countAllProducts, countProductsFor, countProductsForOwner, PRODUCT_SORTS, type ProductSort } from '@/db/queries/product-lists';

/** Owner-or-admin access for this session. */
export function viewerOf(session: AppSession): ProductViewer {
  return { userId: session.user.id, isAdmin: session.user.role === 'admin' };
}

export interface ProductPageOptions {
  ownerId: string;
  /** Every product (admins only: the caller checks the role). */
  all?: boolean;
  limit: number;
  sort?: ProductSort;
  q?: string;
  cursor?: string | null;
  /** Also count every match (the page's "12 products"); the API does not need it. */
  withTotal?: boolean;
}

/**
 * One page of a list. A cursor that does not decode for this sort (forged, or issued under another
 * sort) starts from the beginning; `nextCursor` is opaque.
 */
export async function listProductPage(options: ProductPageOptions) {
  const sort = options.sort ?? 'newest';
  const cursor = options.cursor ? decodeCursor(options.cursor, productOrder(sort)) : null;
  const list = { limit: options.limit, sort, q: options.q, cursor };
  const [page, total] = await Promise.all([
    options.all ? listAllProducts(list) : listProductsForOwner(options.ownerId, list),
    options.withTotal ? countProducts(options.all ? null : options.ownerId, options.q) : null,
  ]);
  return { items: page.items, nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null, fromStart: !cursor, total };
}

function isSort(value: unknown): value is ProductSort {
  return typeof value === 'string' && (PRODUCT_SORTS as readonly string[]).includes(value);
}

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The page's list parameters, never an error page: an unknown sort is the default, a cursor is kept
 * as text (listProductPage ignores one it cannot use), and a search it cannot use is dropped with the
 * message to show beside the search box.
 */
export function readProductListParams(params: SearchParams): { q: string; sort: ProductSort; cursor: string | null; qError: string | null } {
  const sort = isSort(params.sort) ? params.sort : 'newest';
  const cursor = typeof params.cursor === 'string' && params.cursor ? params.cursor : null;
  const parsed = productSearchSchema.safeParse(typeof params.q === 'string' ? params.q : '');
  return { q: parsed.success ? parsed.data : '', sort, cursor, qError: parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Invalid search') };
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/**
 * `?limit=` 1..100 (default 20), `?sort=` newest|name|price (default newest), `?q=` (name contains,
 * at most 100 characters) and a `?cursor=` this API issued for that sort; else a 422 naming the field.
 */
export function readProductListQuery(url: URL): { limit: number; cursor: string | null; sort: ProductSort; q: string } {
  const issues: Record<string, string[]> = {};
  const rawLimit = url.searchParams.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    limit = /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) issues.limit = [`limit must be an integer from 1 to ${MAX_LIMIT}`];
  }
  const rawSort = url.searchParams.get('sort');
  const sort = rawSort === null ? 'newest' : isSort(rawSort) ? rawSort : null;
  if (!sort) issues.sort = [`sort must be one of: ${PRODUCT_SORTS.join(', ')}`];
  const q = productSearchSchema.safeParse(url.searchParams.get('q') ?? '');
  if (!q.success) issues.q = q.error.issues.map((issue) => issue.message);
  const cursor = url.searchParams.get('cursor') || null;
  if (cursor && sort && !decodeCursor(cursor, productOrder(sort))) issues.cursor = ['cursor is not one this API issued for this sort'];
  if (Object.keys(issues).length) throw validationFailed(issues);
  return { limit, cursor, sort: sort!, q: q.success ? q.data : '' };
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
