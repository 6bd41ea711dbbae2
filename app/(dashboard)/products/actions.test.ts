import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { products } from '@/db/schema';
import { createProduct, type Product } from '@/db/queries/products';
import { idleState as idle, type ActionState } from '@/lib/actions/action-state';
import { useFreshBackends } from '@/tests/helpers/db';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { createProductAction, deleteProductAction, updateProductAction } from './actions';

let owner: TokenSubject;
let stranger: TokenSubject;
let admin: TokenSubject;
let product: Product;

beforeAll(async () => {
  await useFreshBackends();
  owner = await createTestUser();
  stranger = await createTestUser();
  admin = await createTestUser({ role: 'admin' });
});

beforeEach(async () => {
  product = await createProduct(owner.id, { name: 'Original', description: 'desc', priceCents: 1000 });
});

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

async function as(user: TokenSubject | null) {
  enterRequest({ cookie: user ? await sessionCookie(user) : undefined, surface: 'action' });
}

/** Runs an action; returns the redirect target if it redirected, else its state. */
async function run(action: (s: ActionState, f: FormData) => Promise<ActionState>, fields: Record<string, string>) {
  try {
    return { state: await action(idle, form(fields)), redirect: null };
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? '';
    if (!digest.startsWith('NEXT_REDIRECT')) throw err;
    return { state: null, redirect: digest.split(';')[2] ?? '' };
  }
}

async function row(id: string) {
  const db = await getDb();
  const [r] = await db.select().from(products).where(eq(products.id, id));
  return r ?? null;
}

async function countFor(ownerId: string) {
  return (await getDb()).$count(products, eq(products.ownerId, ownerId));
}

describe('createProductAction', () => {
  it('creates the product for the session user and redirects to it', async () => {
    await as(owner);
    const { redirect } = await run(createProductAction, { name: 'New lamp', description: 'Bright', price: '12.34' });
    const id = /^\/products\/([0-9a-f-]{36})\?created=1$/.exec(redirect ?? '')?.[1];
    expect(id).toBeTruthy();
    expect(await row(id!)).toMatchObject({ ownerId: owner.id, name: 'New lamp', description: 'Bright', priceCents: 1234 });
    expect(currentRequest().revalidated).toContain('/products');
  });

  it('shows field errors, keeps the input and writes nothing for bad input', async () => {
    await as(owner);
    const before = await countFor(owner.id);
    const { state } = await run(createProductAction, { name: '', description: 'kept', price: '12.345' });
    expect(state).toMatchObject({ status: 'error', fieldErrors: { name: ['Name is required'], price: ['Enter a price like 12.34'] }, values: { description: 'kept', price: '12.345' } });
    expect(await countFor(owner.id)).toBe(before);
  });

  it('refuses an injected ownerId field', async () => {
    await as(owner);
    const before = await countFor(stranger.id);
    const { state } = await run(createProductAction, { name: 'Planted', price: '1', ownerId: stranger.id });
    expect(state?.status).toBe('error');
    expect(state?.fieldErrors?._).toEqual(['Unknown field(s): ownerId']);
    expect(await countFor(stranger.id)).toBe(before);
  });

  it('sends an anonymous caller to /login and writes nothing', async () => {
    await as(null);
    const before = await countFor(owner.id);
    expect((await run(createProductAction, { name: 'Anon', price: '1' })).redirect).toBe('/login');
    expect(await countFor(owner.id)).toBe(before);
  });
});

describe('updateProductAction', () => {
  const fields = (over: Record<string, string> = {}) => ({ id: product.id, name: 'Edited', description: 'new', price: '20.00', ...over });

  it('the owner saves and lands on the product page', async () => {
    await as(owner);
    expect((await run(updateProductAction, fields())).redirect).toBe(`/products/${product.id}?saved=1`);
    expect(await row(product.id)).toMatchObject({ name: 'Edited', description: 'new', priceCents: 2000 });
    expect(currentRequest().revalidated).toEqual(expect.arrayContaining(['/products', `/products/${product.id}`]));
  });

  it('an admin may save someone else’s product', async () => {
    await as(admin);
    expect((await run(updateProductAction, fields({ name: 'By admin' }))).redirect).toBe(`/products/${product.id}?saved=1`);
    expect(await row(product.id)).toMatchObject({ name: 'By admin', ownerId: owner.id });
  });

  it('a stranger posting the owner’s id (tampered hidden field) gets "not found" and changes nothing', async () => {
    await as(stranger);
    const { state } = await run(updateProductAction, fields({ name: 'Hijacked' }));
    expect(state).toMatchObject({ status: 'error', message: 'Product not found.', values: { name: 'Hijacked' } });
    for (const id of ['3f0e8a52-5d1c-4c55-9b1e-1f6f0a3c9d11', 'not-a-uuid']) {
      expect((await run(updateProductAction, fields({ id }))).state).toMatchObject({ status: 'error', message: 'Product not found.' });
    }
    expect(await row(product.id)).toMatchObject({ name: 'Original', priceCents: 1000 });
  });

  it('bad input and unknown keys change nothing; anonymous goes to /login', async () => {
    await as(owner);
    expect((await run(updateProductAction, fields({ price: '-1' }))).state?.fieldErrors?.price).toEqual(['Enter a price like 12.34']);
    expect((await run(updateProductAction, fields({ ownerId: stranger.id }))).state?.status).toBe('error');
    await as(null);
    expect((await run(updateProductAction, fields())).redirect).toBe('/login');
    expect(await row(product.id)).toMatchObject({ name: 'Original', ownerId: owner.id, priceCents: 1000 });
  });
});

describe('deleteProductAction', () => {
  it('the owner deletes and lands on /products', async () => {
    await as(owner);
    expect((await run(deleteProductAction, { id: product.id })).redirect).toBe('/products?deleted=1');
    expect(await row(product.id)).toBeNull();
  });

  it('an admin may delete someone else’s product', async () => {
    await as(admin);
    expect((await run(deleteProductAction, { id: product.id })).redirect).toBe('/products?deleted=1');
    expect(await row(product.id)).toBeNull();
  });

  it('a stranger, a bad id and an anonymous caller delete nothing', async () => {
    await as(stranger);
    expect((await run(deleteProductAction, { id: product.id })).state).toMatchObject({ status: 'error', message: 'Product not found.' });
    expect((await run(deleteProductAction, { id: 'x' })).state).toMatchObject({ status: 'error', message: 'Product not found.' });
    expect((await run(deleteProductAction, {})).state?.status).toBe('error');
    await as(null);
    expect((await run(deleteProductAction, { id: product.id })).redirect).toBe('/login');
    expect(await row(product.id)).not.toBeNull();
  });
});
