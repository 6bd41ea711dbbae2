import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { products } from '@/db/schema';
import { useFreshBackends } from '@/tests/helpers/db';
import { createTestUser } from '@/tests/helpers/users';
import type { TokenSubject } from '@/tests/helpers/tokens';
import { decodeCursor, encodeCursor, keysetOrderBy } from './keyset';
import { countProducts, countProductsForOwner, listAllProducts, listProductsForOwner, productOrder, type ProductCursor, type ProductListOptions, type ProductSort } from './product-lists';
import { createProduct } from './products';

let owner: TokenSubject;
let other: TokenSubject;

beforeAll(async () => {
  await useFreshBackends();
  owner = await createTestUser();
  other = await createTestUser({ name: 'Olga Other' });
});

/** Every name of a list, following nextCursor page by page (at most 50 pages). */
async function walk(list: (cursor: ProductCursor | null) => ReturnType<typeof listProductsForOwner>): Promise<string[]> {
  const seen: string[] = [];
  let cursor: ProductCursor | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await list(cursor);
    seen.push(...page.items.map((p) => p.name));
    cursor = page.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('did not end');
}

const ownersList = (userId: string, options: Omit<ProductListOptions, 'cursor'>) => (cursor: ProductCursor | null) => listProductsForOwner(userId, { ...options, cursor });

describe('product lists: keyset pages in every sort', () => {
  it('newest first pages through rows that share one created_at (one transaction) without gaps or repeats', async () => {
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

    const seen = await walk(ownersList(owner.id, { limit: 3 }));
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen.slice(0, 3)).toEqual(['later-2', 'later-1', 'later-0']);
    expect(seen).not.toContain('not mine');
    expect(await countProductsForOwner(owner.id)).toBe(10);

    const all = await listAllProducts({ limit: 100 });
    expect(all.items.find((p) => p.name === 'not mine')).toMatchObject({ ownerEmail: other.email, ownerName: 'Olga Other' });
    expect(all.nextCursor).toBeNull();
  });

  it('by name (case-insensitive) and by price, ties broken by id: every row once, in order', async () => {
    const user = await createTestUser();
    const names = ['banana', 'Apple', 'cherry', 'apple', 'Banana', 'date', 'apple', 'Cherry', 'egg'];
    for (const [i, name] of names.entries()) await createProduct(user.id, { name, priceCents: [300, 100, 300, 0, 200, 100, 300, 5, 0][i]! });

    const byName = await walk(ownersList(user.id, { limit: 2, sort: 'name' }));
    expect(byName.map((n) => n.toLowerCase())).toEqual([...names].map((n) => n.toLowerCase()).sort());
    expect(byName).toHaveLength(names.length);

    const byPrice = await walk(ownersList(user.id, { limit: 2, sort: 'price' }));
    expect(byPrice).toHaveLength(names.length);
    expect(new Set(byPrice).size).toBe(new Set(names).size);
    const prices = (await listProductsForOwner(user.id, { limit: 100, sort: 'price' })).items.map((p) => p.priceCents);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    // Walking with tiny pages visits the same rows, in the same order, as one big page.
    const onePage = (await listProductsForOwner(user.id, { limit: 100, sort: 'price' })).items.map((p) => p.name);
    expect(byPrice).toEqual(onePage);
  });

  it('a cursor from one sort is refused by another: decode gives null, the query starts over', async () => {
    const user = await createTestUser();
    for (let i = 0; i < 4; i++) await createProduct(user.id, { name: `p${i}`, priceCents: 10 - i });
    const first = await listProductsForOwner(user.id, { limit: 2, sort: 'price' });
    const token = encodeCursor(first.nextCursor!);
    expect(decodeCursor(token, productOrder('price'))).toEqual(first.nextCursor);
    for (const sort of ['newest', 'name'] as ProductSort[]) {
      expect(decodeCursor(token, productOrder(sort))).toBeNull();
      // Handed over anyway, the other order's position is ignored rather than misread.
      const page = await listProductsForOwner(user.id, { limit: 10, sort, cursor: first.nextCursor });
      expect(page.items).toHaveLength(4);
    }
  });

  it('forged cursors never reach SQL: wrong shape, out-of-range keys, bad ids', async () => {
    const forge = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const id = '00000000-0000-0000-0000-000000000000';
    const cases: [ProductSort, string][] = [
      ['newest', 'garbage!'],
      ['newest', Buffer.from('not json').toString('base64url')],
      ['newest', forge(['newest', '1', id, 'extra'])],
      ['newest', forge(['newest', 1, id])],
      ['newest', forge(['newest', '99999999999999999999', id])],
      ['newest', forge(['newest', '1', "x' or 1=1"])],
      ['price', forge(['price', '2147483648', id])],
      ['price', forge(['price', '-1', id])],
      ['name', forge(['name', 'a\u0000b', id])],
      ['name', forge(['name', '\ud800', id])],
      ['name', forge(['name', 'x'.repeat(401), id])],
      ['name', 'A'.repeat(2049)],
    ];
    for (const [sort, value] of cases) expect(decodeCursor(value, productOrder(sort)), value).toBeNull();
    // The largest keys a cursor may carry are still valid SQL input.
    for (const [sort, key] of [['newest', '253402300799999999'], ['price', '2147483647'], ['name', "o'hara %_\\"]] as const) {
      const cursor = decodeCursor(forge([sort, key, id]), productOrder(sort));
      expect(cursor).not.toBeNull();
      await expect(listProductsForOwner(owner.id, { limit: 1, sort, cursor })).resolves.toBeDefined();
    }
  });
});

describe('product lists: name search and totals', () => {
  it('matches anywhere in the name, case-insensitively; %, _ and \\ are plain text', async () => {
    const user = await createTestUser();
    for (const name of ['Desk lamp', 'LAMPSHADE', 'Floor Lamp', '100% cotton', '100 percent wool', 'snake_case', 'snakeXcase', 'back\\slash', "O'Hara"]) {
      await createProduct(user.id, { name, priceCents: 1 });
    }
    const search = async (q: string) => (await listProductsForOwner(user.id, { limit: 50, q, sort: 'name' })).items.map((p) => p.name);
    expect(await search('lamp')).toEqual(['Desk lamp', 'Floor Lamp', 'LAMPSHADE']);
    expect(await search('%')).toEqual(['100% cotton']);
    expect(await search('_')).toEqual(['snake_case']);
    expect(await search('\\')).toEqual(['back\\slash']);
    expect(await search("o'h")).toEqual(["O'Hara"]);
    expect(await search('nothing like it')).toEqual([]);
    expect(await countProducts(user.id, 'lamp')).toBe(3);
    expect(await countProducts(user.id, '%')).toBe(1);
    expect(await countProducts(user.id)).toBe(9);

    // Search and keyset together: pages of one match at a time.
    expect(await walk(ownersList(user.id, { limit: 1, q: 'LAMP', sort: 'price' }))).toHaveLength(3);
    // Someone else's rows never match; the admin list finds them all.
    expect((await listProductsForOwner(other.id, { limit: 50, q: 'lamp' })).items).toEqual([]);
    expect((await listAllProducts({ limit: 50, q: 'lampsh' })).items.map((p) => p.name)).toEqual(['LAMPSHADE']);
    expect(await countProducts(null, 'lampsh')).toBe(1);
  });

  it('each sort of both lists is walked on its own index (no sort step, owner in the index condition)', async () => {
    const db = await getDb();
    const expected: [ProductSort, boolean, string][] = [
      ['newest', true, 'products_owner_created_id_idx'],
      ['name', true, 'products_owner_lower_name_id_idx'],
      ['price', true, 'products_owner_price_id_idx'],
      ['newest', false, 'products_created_id_idx'],
      ['name', false, 'products_lower_name_id_idx'],
      ['price', false, 'products_price_id_idx'],
    ];
    for (const [sort, mine, index] of expected) {
      const query = db
        .select({ id: products.id })
        .from(products)
        .where(mine ? sql`${products.ownerId} = ${owner.id}` : undefined)
        .orderBy(...keysetOrderBy(productOrder(sort), products.id))
        .limit(21);
      const plan = await db.transaction(async (tx) => {
        // Tiny tables make a sequential scan and a sort cheapest: forbid both to see which index serves the order.
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_sort = off`);
        return (await tx.execute(sql`explain ${query}`)) as unknown as { rows: { 'QUERY PLAN': string }[] };
      });
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text, `${sort} ${mine}`).toMatch(new RegExp(`Index (Only )?Scan( Backward)? using ${index} `));
      expect(text, `${sort} ${mine}`).not.toMatch(/Sort/);
      if (mine) expect(text, sort).toMatch(/Index Cond: \(owner_id =/);
    }
  });
});
