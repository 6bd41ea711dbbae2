/**
 * SQL for lists of products: one owner's, or every product with its owner (admins; the caller
 * checks the role). A list is sorted newest first, by name (case-insensitive) or by price, each
 * keyset-paginated on (sort key, id) over an index the schema keeps for it (./keyset.ts), filtered
 * by a name search that is plain text (`%`, `_`, `\` match themselves), and counted as a whole.
 */
import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { getDb } from '../client';
import { products, users } from '../schema';
import { afterKeyset, integerAscending, keysetOrderBy, keysetPage, newestFirst, textAscending, type Keyset, type KeysetPage, type Order } from './keyset';
import { productColumns, type Product, type ProductViewer } from './products';
import { likePattern } from './text-search';

export const PRODUCT_SORTS = ['newest', 'name', 'price'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Longest key a name cursor can carry: a product name is at most 100 code points. */
const NAME_MAX = 100;

const ORDERS: Record<ProductSort, Order> = {
  newest: newestFirst('newest', products.createdAt),
  name: textAscending('name', sql`lower(${products.name})`, NAME_MAX),
  price: integerAscending('price', products.priceCents),
};

/** The keyset order behind a sort (to decode a cursor for it). */
export function productOrder(sort: ProductSort): Order {
  return ORDERS[sort];
}

/** A product list's position (the shared keyset cursor). */
export type ProductCursor = Keyset;

export interface ProductListOptions {
  limit: number;
  /** Default `newest`. A cursor issued under another sort is ignored (the list starts over). */
  sort?: ProductSort;
  cursor?: ProductCursor | null;
  /** Case-insensitive substring of the name, as plain text. */
  q?: string;
}

function nameMatches(q: string | undefined): SQL | undefined {
  return q ? sql`${products.name} ilike ${likePattern(q, 'contains')}` : undefined;
}

/** One owner's products (indexes products_owner_{created,lower_name,price}_id_idx). */
export async function listProductsForOwner(ownerId: string, options: ProductListOptions): Promise<KeysetPage<Product>> {
  const order = ORDERS[options.sort ?? 'newest'];
  const db = await getDb();
  const rows = await db
    .select({ ...productColumns, cursorKey: order.keyText })
    .from(products)
    .where(and(eq(products.ownerId, ownerId), nameMatches(options.q), afterKeyset(order, products.id, options.cursor)))
    .orderBy(...keysetOrderBy(order, products.id))
    .limit(options.limit + 1);
  return keysetPage(rows, options.limit, order);
}

export type ProductWithOwner = Product & { ownerName: string; ownerEmail: string };

/** Every product with its owner's name and email (admins only; the caller checks the role). */
export async function listAllProducts(options: ProductListOptions): Promise<KeysetPage<ProductWithOwner>> {
  const order = ORDERS[options.sort ?? 'newest'];
  const db = await getDb();
  const rows = await db
    .select({ ...productColumns, ownerName: users.name, ownerEmail: users.email, cursorKey: order.keyText })
    .from(products)
    .innerJoin(users, eq(users.id, products.ownerId))
    .where(and(nameMatches(options.q), afterKeyset(order, products.id, options.cursor)))
    .orderBy(...keysetOrderBy(order, products.id))
    .limit(options.limit + 1);
  return keysetPage(rows, options.limit, order);
}

/** How many products one owner has (or everyone, with `ownerId` null), matching the search if any. */
export async function countProducts(ownerId: string | null, q?: string): Promise<number> {
  const db = await getDb();
  return db.$count(products, and(ownerId ? eq(products.ownerId, ownerId) : undefined, nameMatches(q)));
}

export async function countProductsForOwner(ownerId: string): Promise<number> {
  return countProducts(ownerId);
}

export async function countAllProducts(): Promise<number> {
  return countProducts(null);
}

/**
 * The viewer's own products and, for an admin, every product, in one statement (one round trip;
 * the dashboard starts it before its session check has decided, see `withSession`).
 */
export async function countProductsFor(viewer: ProductViewer): Promise<{ mine: number; all: number | null }> {
  if (!viewer.isAdmin) return { mine: await countProductsForOwner(viewer.userId), all: null };
  const db = await getDb();
  const [row] = await db
    .select({
      mine: sql<number>`count(*) filter (where ${products.ownerId} = ${viewer.userId})`.mapWith(Number),
      all: sql<number>`count(*)`.mapWith(Number),
    })
    .from(products);
  return { mine: row?.mine ?? 0, all: row?.all ?? 0 };
}
