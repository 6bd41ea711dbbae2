/**
 * Issue 17, points 6 and 10: Ban, Make admin, Revoke sessions and Delete are two-step (with and
 * without JavaScript), opening one does not move the row, the buttons are touch-sized on a phone,
 * and the row actions' accessible names contain their visible text (axe `label-content-name-mismatch`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { DEMO_ADMIN, confirmStep, expect, test, uniqueUser } from './support/fixtures';
import { openContext, signInWithForm } from './support/browser';

async function newMember(page: Page) {
  const user = uniqueUser('row');
  expect((await page.request.post('/api/register', { data: user })).status()).toBe(201);
  await page.goto(`/admin/users?q=${encodeURIComponent(user.email)}`);
  return { user, row: page.locator(`tr[data-user-email="${user.email}"]`) };
}

test.describe('admin row actions', () => {
  for (const javaScript of [true, false]) {
    test(`nothing happens on one click: each change waits for "Yes, …" (JavaScript ${javaScript ? 'on' : 'off'})`, async ({ browser, baseURL }) => {
      const { context, page } = await openContext(browser, baseURL!, { javaScript });
      try {
        await signInWithForm(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
        const { user, row } = await newMember(page);
        for (const trigger of ['Make admin…', 'Ban…', 'Revoke sessions…', 'Delete…']) {
          const summary = row.locator('summary', { hasText: trigger });
          await summary.click();
          await expect(row.getByRole('button', { name: /^Yes, / })).toBeVisible();
          await expect(row).toContainText(user.email);
          // While open, the trigger reads (and is named) "Cancel": pressing it again closes the step.
          await expect(summary).toHaveAccessibleName('Cancel');
          await summary.click();
          await expect(row.getByRole('button', { name: /^Yes, / })).toBeHidden();
        }
        await page.reload();
        await expect(row.locator('[data-role]')).toHaveText('user');
        await expect(row).not.toContainText('banned');

        await confirmStep(row, 'Ban…', 'Yes, ban');
        if (javaScript) await expect(row.getByRole('status')).toHaveText('User banned and signed out');
        await page.goto(`/admin/users?q=${encodeURIComponent(user.email)}`);
        await expect(row).toContainText('banned');
        await confirmStep(row, 'Make admin…', 'Yes, make admin');
        await page.goto(`/admin/users?q=${encodeURIComponent(user.email)}`);
        await expect(row.locator('[data-role]')).toHaveText('admin');
        // Back to a user, so later tests that count admins see only their own.
        await confirmStep(row, 'Make user…', 'Yes, make user');
        await page.goto(`/admin/users?q=${encodeURIComponent(user.email)}`);
        await expect(row.locator('[data-role]')).toHaveText('user');
      } finally {
        await context.close();
      }
    });
  }

  test('opening a confirmation does not move the row or its buttons; phone buttons are touch-sized', async ({ browser, baseURL }) => {
    for (const phone of [false, true]) {
      const { context, page } = await openContext(browser, baseURL!, { phone, dark: phone });
      try {
        await signInWithForm(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
        const { row } = await newMember(page);
        // On a phone the table scrolls sideways: bring the buttons into view first (a click would),
        // so that what is compared is the layout, not the scroll position.
        await row.locator('summary', { hasText: 'Delete…' }).scrollIntoViewIfNeeded();
        const rowBefore = await row.boundingBox();
        const revoke = row.locator('summary', { hasText: 'Revoke sessions…' });
        const revokeBefore = await revoke.boundingBox();
        await row.locator('summary', { hasText: 'Delete…' }).click();
        await expect(row.getByRole('button', { name: 'Yes, delete' })).toBeVisible();
        expect(await row.boundingBox()).toEqual(rowBefore);
        expect(await revoke.boundingBox()).toEqual(revokeBefore);
        // Opening Ban closes Delete (one open step per row) and keeps the buttons where they were.
        await row.locator('summary', { hasText: 'Ban…' }).click();
        await expect(row.getByRole('button', { name: 'Yes, delete' })).toBeHidden();
        expect(await revoke.boundingBox()).toEqual(revokeBefore);
        if (phone) {
          for (const summary of await row.locator('summary').all()) expect((await summary.boundingBox())!.height).toBeGreaterThanOrEqual(44);
          expect((await row.getByRole('button', { name: 'Yes, ban' }).boundingBox())!.height).toBeGreaterThanOrEqual(44);
        }
      } finally {
        await context.close();
      }
    }
  });

  test('axe: the row actions have no label-content-name-mismatch', async ({ page, auth }) => {
    await auth.signIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto('/admin/users');
    // axe-core's own engine, evaluated in the page (past the CSP, as a DevTools extension would be).
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axeSource);
    const rules = ['label-content-name-mismatch', 'button-name', 'summary-name'];
    const violations = await page.evaluate(
      async (ids) =>
        (await (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string }[] }> } }).axe.run(document, {
          runOnly: { type: 'rule', values: ids },
          rules: { 'label-content-name-mismatch': { enabled: true } },
        })).violations.map((v) => v.id),
      rules,
    );
    expect(violations).toEqual([]);
  });
});
