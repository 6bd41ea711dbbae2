/**
 * SQL for the `products` table. Who may see or change a row is decided in the WHERE clause
 * (owner, or any row for an admin viewer), so a row the caller may not touch is
 * indistinguishable from one that does not exist. Lists, searches and counts are ./product-lists.ts.
 */
import 'server-only';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { isUuid } from '@/lib/core/uuid';
import { getDb } from '../client';
import { products } from '../schema';

/** The columns every product read returns (shared with ./product-lists.ts). */
export const productColumns = {
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

function visibleTo(viewer: ProductViewer): SQL | undefined {
  return viewer.isAdmin ? undefined : eq(products.ownerId, viewer.userId);
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
