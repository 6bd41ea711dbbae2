/**
 * The product list and the admin user list in a real browser: column headers, the name search, the
 * three sorts with keyset pages, totals, the empty state, and all of it again without JavaScript.
 */
import type { Page } from '@playwright/test';
import { DEMO_ADMIN, expect, test } from './support/fixtures';
import { adoptSession, apiSignIn, apiUser, createProducts } from './support/sessions';

/** The product names of the table, top to bottom. */
async function rowNames(page: Page): Promise<string[]> {
  return page.locator('tbody tr th[scope=row] a').allInnerTexts();
}

/** 25 products: "Item 01" … "Item 25", priced so that price order differs from both other orders. */
const ITEMS = Array.from({ length: 25 }, (_, i) => ({ name: `Item ${String(i + 1).padStart(2, '0')}`, priceCents: ((i * 7) % 25) * 100 + 1 }));

test.describe('the product list', () => {
  test('headers, total, search and sorts, each paged with its own cursor', async ({ page, context, baseURL }) => {
    const { client } = await apiUser(baseURL!, 'lists');
    await createProducts(client, [...ITEMS, { name: '50% off lamp', priceCents: 5 }, { name: 'snake_case lamp', priceCents: 6 }]);
    await adoptSession(context, client, baseURL!);

    await page.goto('/products');
    const headers = page.locator('thead th[scope=col]');
    await expect(headers).toHaveText([/Name/, /Price/, /Created/]);
    await expect(page.locator('th[aria-sort=descending]')).toHaveText(/Created/);
    await expect(page.getByTestId('product-total')).toHaveText('27 products');
    expect(await rowNames(page)).toHaveLength(20);
    expect((await rowNames(page))[0]).toBe('snake_case lamp');

    // Sorting by name from the column header; the next page continues in name order.
    await page.locator('[data-sort-link=name]').click();
    await expect(page).toHaveURL(/\/products\?sort=name$/);
    await expect(page.locator('th[aria-sort=ascending]')).toHaveText(/Name/);
    const firstPage = await rowNames(page);
    expect(firstPage.slice(0, 3)).toEqual(['50% off lamp', 'Item 01', 'Item 02']);
    await page.getByRole('link', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/sort=name&cursor=/);
    expect(await rowNames(page)).toEqual(['Item 20', 'Item 21', 'Item 22', 'Item 23', 'Item 24', 'Item 25', 'snake_case lamp']);
    await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);

    // A cursor of the name order used with the price order is ignored: page one of the price order.
    const nameCursor = new URL(page.url()).searchParams.get('cursor')!;
    const response = await page.goto(`/products?sort=price&cursor=${nameCursor}`);
    expect(response!.status()).toBe(200);
    expect((await rowNames(page)).slice(0, 3)).toEqual(['Item 01', '50% off lamp', 'snake_case lamp']);
    // A forged cursor too.
    expect((await page.goto('/products?sort=name&cursor=eyJ4IjoxfQ'))!.status()).toBe(200);
    expect((await rowNames(page))[0]).toBe('50% off lamp');

    // The search form: name contains, case-insensitive; % and _ are plain characters.
    await page.goto('/products');
    await page.getByLabel('Search by name').fill('LAMP');
    await page.getByLabel('Sort by').selectOption('price');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/products\?q=LAMP&sort=price$/);
    await expect(page.getByTestId('product-total')).toHaveText('2 products matching “LAMP”');
    expect(await rowNames(page)).toEqual(['50% off lamp', 'snake_case lamp']);
    await expect(page.getByLabel('Search by name')).toHaveValue('LAMP');
    await expect(page.getByLabel('Sort by')).toHaveValue('price');
    await page.goto('/products?q=%25');
    expect(await rowNames(page)).toEqual(['50% off lamp']);
    await page.goto('/products?q=_');
    expect(await rowNames(page)).toEqual(['snake_case lamp']);
    await page.goto(`/products?q=${encodeURIComponent("nothing' OR 1=1 --")}`);
    await expect(page.getByText('No products match “nothing\' OR 1=1 --”.')).toBeVisible();
    await page.getByRole('link', { name: 'Clear search' }).click();
    await expect(page).toHaveURL(/\/products$/);
    await expect(page.getByTestId('product-total')).toHaveText('27 products');
    // An over-long search from a hand-made URL says why and lists everything.
    await page.goto(`/products?q=${'x'.repeat(101)}`);
    await expect(page.getByRole('search').getByRole('alert')).toHaveText('Search must be at most 100 characters');
    await expect(page.getByTestId('product-total')).toHaveText('27 products');
  });

  test('an empty list explains itself and offers "Create product"', async ({ page, context, baseURL }) => {
    const { client } = await apiUser(baseURL!, 'empty');
    await adoptSession(context, client, baseURL!);
    await page.goto('/products');
    await expect(page.getByRole('heading', { name: 'No products yet' })).toBeVisible();
    await expect(page.getByText('Products you create appear here')).toBeVisible();
    await expect(page.getByRole('search')).toHaveCount(0);
    await page.getByRole('link', { name: 'Create product' }).click();
    await expect(page).toHaveURL(/\/products\/new$/);
  });
});

test.describe('the product list without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('search, sort and the next page are plain GET requests', async ({ page, context, baseURL }) => {
    const { client } = await apiUser(baseURL!, 'nojs-list');
    await createProducts(client, ITEMS);
    await adoptSession(context, client, baseURL!);
    await page.goto('/products');
    await page.getByLabel('Search by name').fill('item 1');
    await page.getByLabel('Sort by').selectOption('name');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=item\+1&sort=name/);
    await expect(page.getByTestId('product-total')).toHaveText('10 products matching “item 1”');
    expect(await rowNames(page)).toEqual(['Item 10', 'Item 11', 'Item 12', 'Item 13', 'Item 14', 'Item 15', 'Item 16', 'Item 17', 'Item 18', 'Item 19']);
    // Without JavaScript the dates stay readable as UTC.
    await expect(page.locator('tbody time').first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);

    await page.goto('/products?sort=price');
    expect(await rowNames(page)).toHaveLength(20);
    await page.getByRole('link', { name: 'Next page' }).click();
    expect(await rowNames(page)).toHaveLength(5);
    await page.getByRole('link', { name: 'First page' }).click();
    await expect(page).toHaveURL(/\/products\?sort=price$/);
    expect((await rowNames(page))[0]).toBe('Item 01');
  });
});

test.describe('the admin user list', () => {
  test('column headers, the total, and search results counted', async ({ page, context, baseURL }) => {
    const admin = await apiSignIn(baseURL!, DEMO_ADMIN);
    await adoptSession(context, admin, baseURL!);
    const { user } = await apiUser(baseURL!, 'listed');
    await page.goto('/admin/users');
    await expect(page.locator('thead th[scope=col]')).toHaveText(['User', 'Role', 'Joined', 'Actions']);
    const total = Number((await page.getByTestId('user-total').innerText()).replace(/ users?$/, ''));
    expect(total).toBeGreaterThanOrEqual(3);
    await page.getByLabel('Search by email or name').fill(user.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByTestId('user-total')).toHaveText(`1 user matching “${user.email}”`);
    const row = page.locator(`tr[data-user-email="${user.email}"]`);
    await expect(row.locator('th[scope=row]')).toContainText(user.name);
    await expect(row.locator('[data-role]')).toHaveText('user');
  });
});
