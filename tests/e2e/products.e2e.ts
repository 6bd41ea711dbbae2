/** Products in a real browser: create → edit → delete, the dashboard count, and someone else's URLs. */
import { expect, test, uniqueUser } from './support/fixtures';
import { adoptSession, apiUser } from './support/sessions';

const NOT_FOUND_TEXT = /could not be found|couldn’t find/i;

test.describe('products in the browser', () => {
  test('create → edit → delete, with field errors and the dashboard count', async ({ page, auth }) => {
    const user = uniqueUser('products');
    await auth.register(user);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('stat-your-products')).toHaveText('0');

    await page.getByRole('link', { name: 'Products', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'My products' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No products yet' })).toBeVisible();
    await page.getByRole('link', { name: 'New product' }).click();
    await expect(page).toHaveURL(/\/products\/new$/);

    await page.getByLabel('Name').fill('Desk lamp');
    await page.getByLabel(/Price/).fill('12.345');
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect(page.locator('[data-field-error=price]')).toHaveText('Enter a price like 12.34');
    await expect(page.getByLabel('Name')).toHaveValue('Desk lamp');

    await page.getByLabel(/Price/).fill('12.34');
    await page.getByLabel('Description').fill('Warm <b>light</b>');
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect(page).toHaveURL(/\/products\/[0-9a-f-]{36}\?created=1$/);
    await expect(page.getByRole('status')).toHaveText('Product created.');
    await expect(page.getByRole('heading', { name: 'Desk lamp' })).toBeVisible();
    await expect(page.getByTestId('product-price')).toHaveText('$12.34');
    await expect(page.getByText('Warm <b>light</b>')).toBeVisible();
    const productUrl = page.url().replace(/\?.*$/, '');

    await page.getByRole('link', { name: 'Edit' }).click();
    await expect(page).toHaveURL(`${productUrl}/edit`);
    await expect(page.getByLabel(/Price/)).toHaveValue('12.34');
    await page.getByLabel('Name').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator('[data-field-error=name]')).toHaveText('Name is required');
    await page.getByLabel('Name').fill('Floor lamp');
    await page.getByLabel(/Price/).fill('99.5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(`${productUrl}?saved=1`);
    await expect(page.getByRole('heading', { name: 'Floor lamp' })).toBeVisible();
    await expect(page.getByTestId('product-price')).toHaveText('$99.50');

    await page.goto('/dashboard');
    await expect(page.getByTestId('stat-your-products')).toHaveText('1');
    await page.goto(productUrl);

    await page.getByRole('link', { name: 'Delete' }).click();
    await expect(page).toHaveURL(`${productUrl}?confirm=delete`);
    await expect(page.getByText('This cannot be undone.')).toBeVisible();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(page).toHaveURL(/\/products\?deleted=1$/);
    await expect(page.getByRole('status')).toHaveText('Product deleted.');
    await expect(page.getByRole('heading', { name: 'No products yet' })).toBeVisible();
    await page.goto(productUrl);
    await expect(page.getByText(NOT_FOUND_TEXT)).toBeVisible();
  });

  test('a second user opening the first user’s edit URL or product page gets the same not-found as a missing id', async ({ page, auth, baseURL }) => {
    const { client } = await apiUser(baseURL!);
    const created = await client.fetch('/api/products', { method: 'POST', json: { name: 'Private lamp', priceCents: 100 } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    await auth.register(uniqueUser('intruder'));
    await expect(page).toHaveURL(/\/dashboard$/);
    // Someone else's product is not found, exactly like a missing one (no existence oracle).
    const edit = await page.goto(`/products/${id}/edit`);
    expect(edit?.status()).toBe(404);
    await expect(page.getByText(NOT_FOUND_TEXT)).toBeVisible();
    await expect(page.getByText('Private lamp')).toHaveCount(0);
    const missing = await page.goto(`/products/${crypto.randomUUID()}/edit`);
    expect(missing?.status()).toBe(404);

    await page.goto(`/products/${id}`);
    await expect(page.getByText(NOT_FOUND_TEXT)).toBeVisible();
    await expect(page.getByText('Private lamp')).toHaveCount(0);
    await page.goto('/products/not-a-uuid/edit');
    await expect(page.getByText(NOT_FOUND_TEXT)).toBeVisible();

    const stillThere = await client.fetch(`/api/products/${id}`);
    expect(await stillThere.json()).toMatchObject({ name: 'Private lamp', priceCents: 100 });
  });

  test('a tampered hidden id in the edit form changes nothing: "Product not found."', async ({ page, auth, baseURL }) => {
    const { client } = await apiUser(baseURL!);
    const victim = (await (await client.fetch('/api/products', { method: 'POST', json: { name: 'Victim lamp', priceCents: 100 } })).json()) as { id: string };

    await auth.register(uniqueUser('tamper'));
    await expect(page).toHaveURL(/\/dashboard$/);
    const own = await page.request.post('/api/products', { data: { name: 'My lamp', priceCents: 1 } });
    expect(own.status()).toBe(201);
    const { id: ownId } = (await own.json()) as { id: string };

    await page.goto(`/products/${ownId}/edit`);
    await page.locator('input[name=id]').evaluate((el, victimId) => ((el as HTMLInputElement).value = victimId), victim.id);
    await page.getByLabel('Name').fill('Hijacked');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.locator('form [role=alert]')).toHaveText('Product not found.');
    await expect(page.getByLabel('Name')).toHaveValue('Hijacked');

    expect(await (await client.fetch(`/api/products/${victim.id}`)).json()).toMatchObject({ name: 'Victim lamp', priceCents: 100 });
    expect(await (await page.request.get(`/api/products/${ownId}`)).json()).toMatchObject({ name: 'My lamp' });
  });
});

test.describe('products without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('create, edit and delete (with its confirmation step) work as plain form posts', async ({ page, context, baseURL }) => {
    const { client } = await apiUser(baseURL!);
    await adoptSession(context, client, baseURL!);

    await page.goto('/products/new');
    await page.getByLabel('Name').fill('No-JS kettle');
    await page.getByLabel(/Price/).fill('abc');
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect(page.locator('[data-field-error=price]')).toHaveText('Enter a price like 12.34');
    await page.getByLabel(/Price/).fill('5');
    await page.getByRole('button', { name: 'Create product' }).click();
    await expect(page.getByRole('heading', { name: 'No-JS kettle' })).toBeVisible();
    await expect(page.getByTestId('product-price')).toHaveText('$5.00');

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Name').fill('No-JS teapot');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('heading', { name: 'No-JS teapot' })).toBeVisible();

    await page.getByRole('link', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(page.getByText('Product deleted.')).toBeVisible();
    const list = await client.fetch('/api/products');
    expect(await list.json()).toEqual({ items: [], nextCursor: null });
  });
});
