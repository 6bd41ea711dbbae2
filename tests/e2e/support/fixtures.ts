/**
 * Playwright fixtures: page objects for the auth pages, demo credentials, and unique users.
 */
import { randomUUID } from 'node:crypto';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { ApiClient } from './api-client';

export const DEMO_USER = { name: 'Uma User', email: 'user@example.com', password: 'user-password-1' };
export const DEMO_ADMIN = { name: 'Ada Admin', email: 'admin@example.com', password: 'admin-password-1' };

export class AuthPages {
  constructor(readonly page: Page) {}

  async signIn(email: string, password: string, path = '/login') {
    await this.page.goto(path);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  async register(user: { name: string; email: string; password: string }) {
    await this.page.goto('/register');
    await this.page.getByLabel('Name').fill(user.name);
    await this.page.getByLabel('Email').fill(user.email);
    await this.page.getByLabel(/Password/).fill(user.password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  /** Sign-out lives in the account menu under the avatar. */
  async signOut() {
    await openAccountMenu(this.page);
    await this.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(this.page).toHaveURL(/\/login\?signedOut=this-device$/);
  }
}

export async function openAccountMenu(page: Page) {
  await page.locator('summary', { hasText: 'Account menu' }).click();
}

/**
 * A two-step action (`ConfirmStep`): open the step by its trigger (e.g. "Ban…") inside `scope`,
 * then press its "Yes, …" button.
 */
export async function confirmStep(scope: Page | Locator, trigger: string, confirm: string) {
  await scope.locator('summary', { hasText: trigger }).click();
  await scope.getByRole('button', { name: confirm, exact: true }).click();
}

export function uniqueUser(prefix = 'e2e') {
  const id = randomUUID().slice(0, 8);
  return { name: `${prefix} ${id}`, email: `${prefix}-${id}@example.test`, password: `pw-${id}-long-enough` };
}

export const test = base.extend<{ auth: AuthPages; api: ApiClient }>({
  auth: async ({ page }, use) => {
    await use(new AuthPages(page));
  },
  api: async ({ baseURL }, use) => {
    await use(new ApiClient(baseURL!));
  },
});

export { expect };
