import { beforeAll, describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { createProduct, type Product } from '@/db/queries/products';
import { enterRequest } from '@/tests/helpers/request-context';
import { useFreshBackends } from '@/tests/helpers/db';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import DashboardPage from '../dashboard/page';
import EditProductPage from './[id]/edit/page';
import ProductPage from './[id]/page';
import ProductsPage from './page';

let owner: TokenSubject;
let stranger: TokenSubject;
let admin: TokenSubject;
let product: Product;

beforeAll(async () => {
  await useFreshBackends();
  owner = await createTestUser({ name: 'Owner Person' });
  stranger = await createTestUser({ name: 'Stranger Person' });
  admin = await createTestUser({ role: 'admin' });
  product = await createProduct(owner.id, { name: 'Owner <script>lamp</script>', description: 'Warm', priceCents: 123456 });
  await createProduct(owner.id, { name: 'Second', priceCents: 1 });
  await createProduct(stranger.id, { name: 'Stranger thing', priceCents: 1 });
});

async function as(user: TokenSubject | null) {
  enterRequest({ cookie: user ? await sessionCookie(user) : undefined, surface: 'page' });
}

/** The page's outcome as a user sees it: HTML, a redirect target, or "not found". */
async function visit(render: () => Promise<React.ReactElement>): Promise<{ html?: string; redirect?: string; notFound?: true }> {
  try {
    return { html: renderToString(await render()) };
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? '';
    if (digest.startsWith('NEXT_REDIRECT')) return { redirect: digest.split(';')[2] };
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;404') return { notFound: true };
    throw err;
  }
}

const idParams = (id: string) => ({ params: Promise.resolve({ id }), searchParams: Promise.resolve({}) });
const query = (q: Record<string, string>) => ({ searchParams: Promise.resolve(q) });

describe('/products/[id]/edit', () => {
  it('renders the edit form with the product for its owner and for an admin', async () => {
    for (const user of [owner, admin]) {
      await as(user);
      const { html } = await visit(() => EditProductPage(idParams(product.id)));
      expect(html).toContain('value="1234.56"');
      expect(html).toContain('Owner &lt;script&gt;lamp&lt;/script&gt;');
      expect(html).not.toContain('<script>lamp');
    }
  });

  it("answers someone else's product with the same not-found as a missing or malformed id (no existence oracle)", async () => {
    await as(stranger);
    expect(await visit(() => EditProductPage(idParams(product.id)))).toEqual({ notFound: true });
    expect(await visit(() => EditProductPage(idParams('3f0e8a52-5d1c-4c55-9b1e-1f6f0a3c9d11')))).toEqual({ notFound: true });
    expect(await visit(() => EditProductPage(idParams('not-a-uuid')))).toEqual({ notFound: true });
    await as(null);
    expect(await visit(() => EditProductPage(idParams(product.id)))).toEqual({ redirect: '/login' });
  });
});

describe('/products/[id]', () => {
  it('shows the product to its owner; anyone else gets the not-found of a missing id', async () => {
    await as(owner);
    const { html } = await visit(() => ProductPage({ ...idParams(product.id), searchParams: Promise.resolve({ confirm: 'delete' }) }));
    expect(html).toContain('$1,234.56');
    expect(html).toContain('Yes, delete');
    await as(stranger);
    expect(await visit(() => ProductPage(idParams(product.id)))).toEqual({ notFound: true });
    expect(await visit(() => ProductPage(idParams('%27%20OR%201=1')))).toEqual({ notFound: true });
  });
});

describe('/products', () => {
  it('lists only the user’s own products, even with ?scope=all', async () => {
    await as(owner);
    const { html } = await visit(() => ProductsPage(query({ scope: 'all' })));
    expect(html).toContain('My products');
    expect(html).toContain('Second');
    expect(html).not.toContain('Stranger thing');
  });

  it('lets an admin switch to all products', async () => {
    await as(admin);
    const mine = await visit(() => ProductsPage(query({})));
    expect(mine.html).toContain('No products yet</h2>');
    expect(mine.html).toContain('Create product');
    const all = await visit(() => ProductsPage(query({ scope: 'all' })));
    expect(all.html).toContain('All products');
    expect(all.html).toContain('Stranger thing');
    expect(all.html).toContain(owner.email);
  });
});

describe('/dashboard', () => {
  it('welcomes the user and counts their products (and all products for an admin)', async () => {
    await as(owner);
    const { html } = await visit(() => DashboardPage());
    expect(html).toContain('Welcome, <!-- -->Owner Person');
    expect(html).toMatch(/data-testid="stat-your-products">2</);
    // The recent products, linked; the email is left to the header.
    const recent = html!.slice(html!.indexOf('Recent products'));
    expect(recent).toContain(`href="/products/${product.id}"`);
    expect(recent).toContain('>Second</a>');
    // The header shows who is signed in; the page names the address at most once (the verification banner).
    expect(html!.split(owner.email).length - 1).toBeLessThanOrEqual(1);
    expect(html).not.toContain('stat-all-products');
    await as(admin);
    expect((await visit(() => DashboardPage())).html).toMatch(/data-testid="stat-all-products">3</);
  });
});
