/**
 * Accessibility: axe-core (through @axe-core/playwright, its default rules: WCAG A/AA and best
 * practices, plus label-content-name-mismatch) on every page and state of the app, each at 1280×800 and 375×812, in the light and the
 * dark theme (the app's `theme` cookie, with the matching `prefers-color-scheme`). Every state must
 * have 0 violations; a failure lists each one as "<variant> <rule> (<impact>): <selectors>".
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import type { ApiClient } from './support/api-client';
import { DEMO_ADMIN, expect, test, uniqueUser } from './support/fixtures';
import { adoptSession, apiSignIn, apiUser, createProducts } from './support/sessions';

const VARIANTS = [
  { name: 'desktop light', width: 1280, height: 800, theme: 'light' },
  { name: 'desktop dark', width: 1280, height: 800, theme: 'dark' },
  { name: 'phone light', width: 375, height: 812, theme: 'light' },
  { name: 'phone dark', width: 375, height: 812, theme: 'dark' },
] as const;

type Who = 'guest' | 'empty' | 'owner' | 'user' | 'admin' | 'twoDevices';
interface State {
  name: string;
  who: Who;
  /** Brings the page into the state (navigation, then any form to submit); runs once per variant. */
  open: (page: Page) => Promise<unknown>;
}

let sessions: Record<Exclude<Who, 'guest'>, ApiClient>;
let productId: string;

test.beforeAll(async ({ baseURL }) => {
  const empty = await apiUser(baseURL!, 'a11y-empty');
  const owner = await apiUser(baseURL!, 'a11y-owner');
  const user = await apiUser(baseURL!, 'a11y-user');
  // Signed in twice: the device list has a row for another device, whose button axe must also pass.
  const twice = await apiUser(baseURL!, 'a11y-devices');
  await apiSignIn(baseURL!, twice.user);
  [productId] = await createProducts(owner.client, [
    { name: 'Desk lamp', priceCents: 4999 },
    { name: 'Floor lamp with a rather long name that has to wrap on a phone', priceCents: 12900 },
    { name: 'Kettle', priceCents: 2500 },
  ]) as [string];
  sessions = { empty: empty.client, owner: owner.client, user: user.client, admin: await apiSignIn(baseURL!, DEMO_ADMIN), twoDevices: twice.client };
});

const submit = async (page: Page, button: string) => {
  await page.getByRole('button', { name: button, exact: true }).click();
};

const STATES: State[] = [
  { name: 'home', who: 'guest', open: (page) => page.goto('/') },
  { name: 'sign in', who: 'guest', open: (page) => page.goto('/login') },
  {
    name: 'sign in with an error',
    who: 'guest',
    open: async (page) => {
      await page.goto('/login');
      await page.getByLabel('Email').fill(uniqueUser('a11y-nobody').email);
      await page.getByLabel('Password').fill('not-the-password');
      await submit(page, 'Sign in');
      await expect(page.getByRole('alert').first()).toBeVisible();
    },
  },
  { name: 'register', who: 'guest', open: (page) => page.goto('/register') },
  { name: 'not found', who: 'guest', open: (page) => page.goto('/no-such-page') },
  { name: 'dashboard, no products', who: 'empty', open: (page) => page.goto('/dashboard') },
  { name: 'dashboard with products', who: 'owner', open: (page) => page.goto('/dashboard') },
  { name: 'products, empty', who: 'empty', open: (page) => page.goto('/products') },
  { name: 'products with items', who: 'owner', open: (page) => page.goto('/products') },
  { name: 'products, searched and sorted', who: 'owner', open: (page) => page.goto('/products?q=lamp&sort=price') },
  { name: 'products, search without a match', who: 'owner', open: (page) => page.goto('/products?q=nothing') },
  {
    name: 'new product with field errors',
    who: 'owner',
    open: async (page) => {
      await page.goto('/products/new');
      await page.getByLabel(/Price/).fill('abc');
      await submit(page, 'Create product');
      await expect(page.locator('[data-field-error]').first()).toBeVisible();
    },
  },
  { name: 'a product', who: 'owner', open: (page) => page.goto(`/products/${productId}`) },
  { name: 'a product, delete confirmation', who: 'owner', open: (page) => page.goto(`/products/${productId}?confirm=delete`) },
  { name: 'editing a product', who: 'owner', open: (page) => page.goto(`/products/${productId}/edit`) },
  {
    name: 'profile with errors',
    who: 'user',
    open: async (page) => {
      await page.goto('/profile');
      await page.getByLabel('Name').fill('');
      await submit(page, 'Save profile');
      await expect(page.locator('[data-field-error]').first()).toBeVisible();
    },
  },
  {
    name: 'profile saved',
    who: 'user',
    open: async (page) => {
      await page.goto('/profile');
      await page.getByLabel('Name').fill('Accessible Person');
      await submit(page, 'Save profile');
      await expect(page.getByRole('status').first()).toBeVisible();
    },
  },
  { name: 'security', who: 'user', open: (page) => page.goto('/profile/security') },
  {
    name: 'security with two devices',
    who: 'twoDevices',
    open: async (page) => {
      await page.goto('/profile/security');
      const rows = page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
      await expect(rows).toHaveCount(2);
      // Each row's button: the visible label, and a name that starts with it (axe checks the rule too).
      for (const current of ['true', 'false']) {
        const button = rows.and(page.locator(`[data-current="${current}"]`)).getByRole('button');
        await expect(button).toHaveText('Sign out this device');
        await expect(button).toHaveAccessibleName(/^Sign out this device\b.*signed in \d{4}-\d{2}-\d{2}\)?$/);
      }
    },
  },
  { name: 'unauthorized', who: 'user', open: (page) => page.goto('/admin') },
  { name: 'admin overview', who: 'admin', open: (page) => page.goto('/admin') },
  { name: 'admin users', who: 'admin', open: (page) => page.goto('/admin/users') },
  { name: 'admin audit log', who: 'admin', open: (page) => page.goto('/admin/audit') },
];

async function useTheme(context: BrowserContext, page: Page, baseURL: string, theme: 'light' | 'dark') {
  await context.addCookies([{ name: 'theme', value: theme, url: baseURL }]);
  await page.emulateMedia({ colorScheme: theme });
}

/** Axe's violations of the page as it is now, one line each. */
async function violations(page: Page, variant: string): Promise<string[]> {
  // label-content-name-mismatch (WCAG 2.5.3, serious) is off in axe's defaults: on here, or a button
  // whose aria-label leaves out its visible text passes unseen.
  const results = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze();
  return results.violations.map((v) => {
    const targets = v.nodes.map((n) => n.target.join(' '));
    const more = targets.length > 3 ? ` (+${targets.length - 3} more)` : '';
    return `${variant} ${v.id} (${v.impact}): ${targets.slice(0, 3).join(' | ')}${more}`;
  });
}

test.describe('axe: 0 violations on every page, both widths, both themes', () => {
  test.describe.configure({ timeout: 180_000 });

  for (const state of STATES) {
    test(state.name, async ({ page, context, baseURL }) => {
      if (state.who !== 'guest') await adoptSession(context, sessions[state.who], baseURL!);
      const found: string[] = [];
      for (const variant of VARIANTS) {
        await page.setViewportSize({ width: variant.width, height: variant.height });
        await useTheme(context, page, baseURL!, variant.theme);
        await state.open(page);
        // Hydrated and settled: client components (local times, pending states) have rendered.
        await page.waitForLoadState('networkidle');
        await expect(page.locator('html')).toHaveClass(variant.theme);
        found.push(...(await violations(page, variant.name)));
      }
      expect(found).toEqual([]);
    });
  }
});
