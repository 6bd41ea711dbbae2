/**
 * Issue 17, points 1–3 and 10: the account menu (Profile, Security, Theme, Sign out), "you are
 * here" on the sidebar / phone row / admin tabs, a phone header that fits 375 px, the skip link
 * and the favicon; at both widths, in both themes, and without JavaScript where it matters.
 */
import { DEMO_ADMIN, DEMO_USER, expect, openAccountMenu, test } from './support/fixtures';
import { openContext, signInWithForm, sidewaysOverflow } from './support/browser';

test.describe('the account menu under the avatar', () => {
  for (const javaScript of [true, false]) {
    test(`links Profile, Security and Theme, and signs out (JavaScript ${javaScript ? 'on' : 'off'})`, async ({ browser, baseURL }) => {
      const { context, page } = await openContext(browser, baseURL!, { javaScript });
      try {
        await signInWithForm(page, DEMO_USER.email, DEMO_USER.password);
        const menu = page.getByTestId('user-badge');
        await expect(menu.getByRole('link', { name: 'Security' })).toBeHidden();
        await openAccountMenu(page);
        await expect(page.getByTestId('account-email')).toHaveText(DEMO_USER.email);
        await expect(menu.getByRole('link', { name: 'Profile' })).toHaveAttribute('href', '/profile');
        await expect(menu.getByRole('link', { name: 'Theme' })).toHaveAttribute('href', '/profile#theme');
        await menu.getByRole('link', { name: 'Security' }).click();
        await expect(page).toHaveURL(/\/profile\/security$/);
        await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();
        if (javaScript) await expect(menu.getByRole('link', { name: 'Security' })).toBeHidden(); // closed after navigating

        await openAccountMenu(page);
        await menu.getByRole('button', { name: 'Sign out' }).click();
        await expect(page).toHaveURL(/\/login\?signedOut=this-device$/);
        await expect(page.getByRole('status')).toHaveText('You are signed out.');
      } finally {
        await context.close();
      }
    });
  }

  test('closes on Escape and on a click elsewhere', async ({ page, auth }) => {
    await auth.signIn(DEMO_USER.email, DEMO_USER.password);
    await expect(page).toHaveURL(/\/dashboard/);
    const security = page.getByTestId('user-badge').getByRole('link', { name: 'Security' });
    await openAccountMenu(page);
    await expect(security).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(security).toBeHidden();
    await openAccountMenu(page);
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await expect(security).toBeHidden();
  });
});

test.describe('you are here', () => {
  for (const phone of [false, true]) {
    test(`the sidebar and the admin tabs mark the current page (${phone ? '375 px' : '1280 px'}, no JavaScript)`, async ({ browser, baseURL }) => {
      const { context, page } = await openContext(browser, baseURL!, { phone, javaScript: false });
      try {
        await signInWithForm(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
        const main = page.getByRole('navigation', { name: 'Main' });
        const tabs = page.getByRole('navigation', { name: 'Admin' });
        const current = (nav: typeof main) => nav.locator('[aria-current="page"]');

        await expect(current(main)).toHaveText('Dashboard');
        await page.goto('/profile/security');
        await expect(current(main)).toHaveText('Profile');
        await page.goto('/admin/users');
        await expect(current(main)).toHaveText('Admin');
        await expect(current(tabs)).toHaveText('Users');
        await page.goto('/admin');
        await expect(current(tabs)).toHaveText('Overview');

        // Visible too: the current item looks different from the others, not only to screen readers.
        const look = (name: string) =>
          tabs.getByRole('link', { name }).evaluate((el) => `${getComputedStyle(el).color}|${getComputedStyle(el).borderBottomColor}`);
        expect(await look('Overview')).not.toBe(await look('Users'));
        const bg = (name: string) => main.getByRole('link', { name }).evaluate((el) => getComputedStyle(el).backgroundColor);
        expect(await bg('Admin')).not.toBe(await bg('Dashboard'));
      } finally {
        await context.close();
      }
    });
  }
});

test.describe('the phone header at 375 px', () => {
  for (const dark of [false, true]) {
    test(`app name, then the navigation row below it, the whole email in the menu, no sideways scroll (${dark ? 'dark' : 'light'})`, async ({ browser, baseURL }) => {
      const { context, page } = await openContext(browser, baseURL!, { phone: true, dark });
      try {
        await signInWithForm(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
        const header = page.getByRole('banner');
        await expect(header.getByRole('link', { name: 'edge-sessions' })).toBeVisible();
        const headerBox = (await header.boundingBox())!;
        const navBox = (await page.getByRole('navigation', { name: 'Main' }).boundingBox())!;
        expect(navBox.y).toBeGreaterThanOrEqual(headerBox.y + headerBox.height - 1);
        expect(headerBox.height).toBeLessThan(80);
        // Every main navigation item fits on the row without scrolling it.
        for (const name of ['Dashboard', 'Profile', 'Products', 'Admin']) {
          const box = (await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).boundingBox())!;
          expect(box.x + box.width, name).toBeLessThanOrEqual(375);
        }

        await openAccountMenu(page);
        const email = page.getByTestId('account-email');
        await expect(email).toHaveText(DEMO_ADMIN.email);
        // Not cut off: the element is as wide as its text needs, inside the screen.
        expect(await email.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
        const emailBox = (await email.boundingBox())!;
        expect(emailBox.x).toBeGreaterThanOrEqual(0);
        expect(emailBox.x + emailBox.width).toBeLessThanOrEqual(375);
        // "Sign out" on one line: its text makes a single line box.
        const signOutLines = await page.getByRole('button', { name: 'Sign out' }).evaluate((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        });
        expect(signOutLines).toBe(1);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      } finally {
        await context.close();
      }
    });
  }
});

test.describe('skip link and favicon', () => {
  test('the first Tab reaches "Skip to main content", which moves focus to the page content', async ({ page, auth }) => {
    await auth.signIn(DEMO_USER.email, DEMO_USER.password);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('main#main')).toBeFocused();
  });

  test('pages declare an icon that loads: no 404 in the console', async ({ page }) => {
    const failures: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') failures.push(m.text());
    });
    await page.goto('/login');
    const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(href).toMatch(/^\/icon\.svg/);
    const icon = await page.request.get(href!);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toContain('image/svg+xml');
    await page.waitForLoadState('networkidle');
    expect(failures).toEqual([]);
  });
});
