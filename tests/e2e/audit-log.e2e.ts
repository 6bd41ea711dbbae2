/**
 * The audit log as an admin reads it: sentences instead of codes, times in the browser's zone with
 * relative dates, columns on a desktop, details that wrap on a phone, UTC text without JavaScript.
 */
import type { Page } from '@playwright/test';
import { DEMO_ADMIN, expect, test } from './support/fixtures';
import { adoptSession, apiSignIn, apiUser } from './support/sessions';

let target: { name: string; email: string };
let deleted: { email: string };

test.beforeAll(async ({ baseURL }) => {
  const admin = await apiSignIn(baseURL!, DEMO_ADMIN);
  const { user } = await apiUser(baseURL!, 'audited');
  const { user: gone } = await apiUser(baseURL!, 'audited-gone');
  const idOf = async (email: string) => {
    const res = await admin.fetch(`/api/admin/users?q=${encodeURIComponent(email)}`);
    return ((await res.json()) as { users: { id: string }[] }).users[0]!.id;
  };
  const id = await idOf(user.email);
  for (const body of [{ role: 'admin' }, { role: 'user' }, { banned: true }, { banned: false }]) {
    expect((await admin.fetch(`/api/admin/users/${id}`, { method: 'PATCH', json: body })).status).toBe(200);
  }
  expect((await admin.fetch(`/api/admin/users/${id}/sessions`, { method: 'DELETE' })).status).toBe(204);
  expect((await admin.fetch(`/api/admin/users/${await idOf(gone.email)}`, { method: 'DELETE' })).status).toBe(204);
  target = user;
  deleted = gone;
});

async function openLog(page: Page, context: import('@playwright/test').BrowserContext, baseURL: string) {
  await adoptSession(context, await apiSignIn(baseURL, DEMO_ADMIN), baseURL);
  await page.goto('/admin/audit');
}

test.describe('the audit log', () => {
  test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

  test('plain-language events with relative times and the local absolute time as title', async ({ page, context, baseURL }) => {
    await openLog(page, context, baseURL!);
    const events = page.locator('[data-audit-event]');
    const sentences = await events.allInnerTexts();
    for (const sentence of [
      `Ada Admin deleted ${deleted.email}’s account`,
      `Ada Admin signed ${target.name} out on every device`,
      `Ada Admin lifted ${target.name}’s ban`,
      `Ada Admin banned ${target.name}`,
      `Ada Admin changed ${target.name}’s role from admin to user`,
      `Ada Admin changed ${target.name}’s role from user to admin`,
    ]) {
      expect(sentences).toContain(sentence);
    }
    // Newest first: the deletion (the last change) comes before the promotion (the first).
    expect(sentences.indexOf(`Ada Admin deleted ${deleted.email}’s account`)).toBeLessThan(sentences.indexOf(`Ada Admin changed ${target.name}’s role from user to admin`));
    await expect(page.locator('thead th[scope=col]')).toHaveText(['When', 'Event', 'Details']);

    const row = page.locator('tr[data-audit-action="user.banned"]').first();
    await expect(row).toContainText(target.email);
    const time = row.locator('time');
    await expect(time).toHaveText(/^(just now|\d+ minutes? ago)$/);
    const iso = (await time.getAttribute('datetime'))!;
    const newYork = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/New_York' }).format(new Date(iso));
    expect((await time.getAttribute('title'))!.replace(/\s+/g, ' ')).toBe(newYork.replace(/\s+/g, ' '));
  });

  test('columns line up: every row’s cells start where their header starts', async ({ page, context, baseURL }) => {
    await openLog(page, context, baseURL!);
    const headerX = await page.locator('thead th').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().left)));
    const rowsX = await page.locator('tbody tr').evaluateAll((rows) => rows.slice(0, 10).map((r) => [...r.children].map((c) => Math.round(c.getBoundingClientRect().left))));
    for (const x of rowsX) expect(x).toEqual(headerX);
  });

  test('on a phone the details wrap under the event, inside the screen', async ({ page, context, baseURL }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await openLog(page, context, baseURL!);
    const row = page.locator('tr[data-audit-action="user.deleted"]').first();
    const details = row.locator('td').nth(1).locator('span').last();
    await expect(details).toBeVisible();
    await expect(details).toHaveText(`${DEMO_ADMIN.email} → ${deleted.email}`);
    const box = (await details.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });
});

test.describe('the audit log without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('times are UTC text', async ({ page, context, baseURL }) => {
    await openLog(page, context, baseURL!);
    await expect(page.locator('tbody time').first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    await expect(page.locator('[data-audit-event]').first()).toBeVisible();
  });
});
