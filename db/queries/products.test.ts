import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { products } from '@/db/schema';
import { useFreshBackends } from '@/tests/helpers/db';
import { createTestUser } from '@/tests/helpers/users';
import type { TokenSubject } from '@/tests/helpers/tokens';
import { createProduct, deleteProduct, getProductForViewer, updateProduct } from './products';

let owner: TokenSubject;
let other: TokenSubject;

beforeAll(async () => {
  await useFreshBackends();
  owner = await createTestUser();
  other = await createTestUser();
});

describe('product queries', () => {
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
    expect(await getProductForViewer(p.id, admin)).toBeNull();
  });

  it('a malformed id is simply "not found", never a database error', async () => {
    const viewer = { userId: owner.id, isAdmin: true };
    for (const id of ['nope', "1' OR '1'='1", '', '00000000-0000-0000-0000-00000000000g']) {
      expect(await getProductForViewer(id, viewer)).toBeNull();
      expect(await updateProduct(id, viewer, { name: 'x' })).toBeNull();
      expect(await deleteProduct(id, viewer)).toBe(false);
    }
  });
});
