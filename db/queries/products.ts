/**
 * SQL for the `products` table. Who may see or change a row is decided in the WHERE clause
 * (owner, or any row for an admin viewer), so a row the caller may not touch is
 * indistinguishable from one that does not exist. Lists are keyset-paginated (./keyset.ts) on
 * (created_at, id), newest first, over the two indexes the schema keeps for that.
 */
import 'server-only';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { isUuid } from '@/lib/core/uuid';
import { getDb } from '../client';
import { products, users } from '../schema';
import { afterKeyset, keysetMicros, keysetPage, type Keyset, type KeysetPage } from './keyset';

const productColumns = {
  id: products.id,
  ownerId: products.ownerId,
  name: products.name,
  description: products.description,
  priceCents: products.priceCents,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
} as const;

export type Product = {
  id: string;
  ownerId: string;
  name: string;
  description: string;
  priceCents: number;
  createdAt: Date;
  updatedAt: Date;
};

/** Who is asking: an owner sees their own rows, an admin (when the caller allows it) every row. */
export interface ProductViewer {
  userId: string;
  isAdmin: boolean;
}

/** A product list's position (the shared keyset cursor). */
export type ProductCursor = Keyset;

const createdAtMicros = keysetMicros(products.createdAt);
const afterCursor = (cursor: ProductCursor | null | undefined) => afterKeyset(products.createdAt, products.id, cursor);

function visibleTo(viewer: ProductViewer): SQL | undefined {
  return viewer.isAdmin ? undefined : eq(products.ownerId, viewer.userId);
}

/** One owner's products, newest first (index products_owner_created_id_idx). */
export async function listProductsForOwner(
  ownerId: string,
  options: { limit: number; cursor?: ProductCursor | null },
): Promise<KeysetPage<Product>> {
  const db = await getDb();
  const rows = await db
    .select({ ...productColumns, cursorMicros: createdAtMicros })
    .from(products)
    .where(and(eq(products.ownerId, ownerId), afterCursor(options.cursor)))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(options.limit + 1);
  return keysetPage(rows, options.limit);
}

export type ProductWithOwner = Product & { ownerName: string; ownerEmail: string };

/** Every product with its owner's name (admins only; the caller checks the role). */
export async function listAllProducts(options: { limit: number; cursor?: ProductCursor | null }): Promise<KeysetPage<ProductWithOwner>> {
  const db = await getDb();
  const rows = await db
    .select({ ...productColumns, ownerName: users.name, ownerEmail: users.email, cursorMicros: createdAtMicros })
    .from(products)
    .innerJoin(users, eq(users.id, products.ownerId))
    .where(afterCursor(options.cursor))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(options.limit + 1);
  return keysetPage(rows, options.limit);
}

/** One product if the viewer owns it or is an admin, else null (also for a malformed id). */
export async function getProductForViewer(id: string, viewer: ProductViewer): Promise<Product | null> {
  if (!isUuid(id)) return null;
  const db = await getDb();
  const [row] = await db
    .select(productColumns)
    .from(products)
    .where(and(eq(products.id, id), visibleTo(viewer)))
    .limit(1);
  return row ?? null;
}

/**
 * Only the owner id of a product (no content), for pages that must tell "missing" (404) from
 * "someone else's" (redirect) before any product data is read.
 */
export async function getProductOwnerId(id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const db = await getDb();
  const [row] = await db.select({ ownerId: products.ownerId }).from(products).where(eq(products.id, id)).limit(1);
  return row?.ownerId ?? null;
}

export interface NewProduct {
  name: string;
  description?: string;
  priceCents: number;
}

export async function createProduct(ownerId: string, input: NewProduct): Promise<Product> {
  const db = await getDb();
  const [row] = await db
    .insert(products)
    .values({ ownerId, name: input.name, description: input.description ?? '', priceCents: input.priceCents })
    .returning(productColumns);
  return row!;
}

export type ProductPatch = Partial<NewProduct>;

/** Updates a product the viewer may change; null when no row matched (missing or not theirs). */
export async function updateProduct(id: string, viewer: ProductViewer, patch: ProductPatch): Promise<Product | null> {
  if (!isUuid(id)) return null;
  const values: Partial<typeof products.$inferInsert> = {};
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.description !== undefined) values.description = patch.description;
  if (patch.priceCents !== undefined) values.priceCents = patch.priceCents;
  const db = await getDb();
  const [row] = await db
    .update(products)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(products.id, id), visibleTo(viewer)))
    .returning(productColumns);
  return row ?? null;
}

/** Deletes a product the viewer may change; false when no row matched. */
export async function deleteProduct(id: string, viewer: ProductViewer): Promise<boolean> {
  if (!isUuid(id)) return false;
  const db = await getDb();
  const rows = await db
    .delete(products)
    .where(and(eq(products.id, id), visibleTo(viewer)))
    .returning({ id: products.id });
  return rows.length > 0;
}

export async function countProductsForOwner(ownerId: string): Promise<number> {
  const db = await getDb();
  return db.$count(products, eq(products.ownerId, ownerId));
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

export async function countAllProducts(): Promise<number> {
  const db = await getDb();
  return db.$count(products);
}
