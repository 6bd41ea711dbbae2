import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { products } from '@/db/schema';
import { useFreshBackends } from '@/tests/helpers/db';
import { createTestUser } from '@/tests/helpers/users';
import type { TokenSubject } from '@/tests/helpers/tokens';
import {
  countProductsForOwner,
  createProduct,
  deleteProduct,
  getProductForViewer,
  getProductOwnerId,
  listAllProducts,
  listProductsForOwner,
  updateProduct,
  type ProductCursor,
} from './products';

let owner: TokenSubject;
let other: TokenSubject;

beforeAll(async () => {
  await useFreshBackends();
  owner = await createTestUser();
  other = await createTestUser();
});

describe('product queries', () => {
  it('pages through rows that share one created_at (one transaction) without gaps or repeats', async () => {
    const db = await getDb();
    // now() is the transaction start: all 7 rows get the same timestamp, only the id breaks ties.
    await db.transaction(async (tx) => {
      for (let i = 0; i < 7; i++) await tx.insert(products).values({ ownerId: owner.id, name: `same-${i}`, priceCents: i });
    });
    // Explicit, distinct later times: PGlite's clock ticks in milliseconds, so quick inserts can tie.
    for (let i = 0; i < 3; i++) {
      await db.insert(products).values({ ownerId: owner.id, name: `later-${i}`, priceCents: 100 + i, createdAt: new Date(Date.now() + 60_000 * (i + 1)) });
    }
    await createProduct(other.id, { name: 'not mine', priceCents: 1 });

    const seen: string[] = [];
    let cursor: ProductCursor | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listProductsForOwner(owner.id, { limit: 3, cursor });
      seen.push(...page.items.map((p) => p.name));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen.slice(0, 3)).toEqual(['later-2', 'later-1', 'later-0']);
    expect(seen).not.toContain('not mine');
    expect(await countProductsForOwner(owner.id)).toBe(10);

    const all = await listAllProducts({ limit: 100 });
    expect(all.items.map((p) => p.name)).toContain('not mine');
    expect(all.items.find((p) => p.name === 'not mine')).toMatchObject({ ownerEmail: other.email });
    expect(all.nextCursor).toBeNull();
  });

  it('ownership is in the WHERE clause: someone else sees, changes and deletes nothing', async () => {
    const p = await createProduct(owner.id, { name: 'Guarded', priceCents: 500 });
    const otherViewer = { userId: other.id, isAdmin: false };
    expect(await getProductForViewer(p.id, otherViewer)).toBeNull();
    expect(await updateProduct(p.id, otherViewer, { name: 'Hijacked' })).toBeNull();
    expect(await deleteProduct(p.id, otherViewer)).toBe(false);
    const db = await getDb();
    const [row] = await db.select().from(products).where(eq(products.id, p.id));
    expect(row).toMatchObject({ name: 'Guarded', priceCents: 500 });

    const admin = { userId: other.id, isAdmin: true };
    expect(await updateProduct(p.id, admin, { priceCents: 600 })).toMatchObject({ name: 'Guarded', priceCents: 600, ownerId: owner.id });
    expect(await deleteProduct(p.id, admin)).toBe(true);
    expect(await getProductOwnerId(p.id)).toBeNull();
  });

  it('a malformed id is simply "not found", never a database error', async () => {
    const viewer = { userId: owner.id, isAdmin: true };
    for (const id of ['nope', "1' OR '1'='1", '', '00000000-0000-0000-0000-00000000000g']) {
      expect(await getProductForViewer(id, viewer)).toBeNull();
      expect(await updateProduct(id, viewer, { name: 'x' })).toBeNull();
      expect(await deleteProduct(id, viewer)).toBe(false);
      expect(await getProductOwnerId(id)).toBeNull();
    }
  });
});
