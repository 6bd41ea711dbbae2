/**
 * Browser contexts the UX tests need: a phone (375×812, touch), a dark or light colour scheme, or
 * JavaScript off; and signing in through the real form in such a context.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { expect } from './fixtures';

export const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } as const;
export const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;

export async function openContext(
  browser: Browser,
  baseURL: string,
  options: { phone?: boolean; dark?: boolean; javaScript?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    ...(options.phone ? PHONE : DESKTOP),
    colorScheme: options.dark ? 'dark' : 'light',
    javaScriptEnabled: options.javaScript ?? true,
  });
  return { context, page: await context.newPage() };
}

export async function signInWithForm(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard/);
}

/** How far the page scrolls sideways (0 = it fits). */
export const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
