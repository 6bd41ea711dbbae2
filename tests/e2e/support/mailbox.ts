/**
 * The development mailbox of an e2e server (its `MAIL_DIR`, set by playwright.config.ts), read with
 * the app's own `.eml` reader, and the second server that builds links from AUTH_URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { summarizeEml } from '../../../lib/core/eml';

/** The instance started with AUTH_URL (mail with links works there in production). */
export const ACCOUNT_BASE_URL = `http://localhost:${process.env.E2E_ACCOUNT_PORT}`;
export const ACCOUNT_MAIL_DIR = path.join(process.env.E2E_ACCOUNT_DIR ?? '', 'mail');

function linksTo(dir: string, to: string, pathPart: string): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return files
    .map((f) => summarizeEml(readFileSync(path.join(dir, f), 'utf8')))
    .filter((m) => m.to.includes(to))
    .flatMap((m) => m.links)
    .filter((l) => l.includes(pathPart));
}

/** Waits for the `count`-th message to `to` with a `pathPart` link and returns that link. */
export async function mailedLink(to: string, pathPart: string, count = 1, dir = ACCOUNT_MAIL_DIR): Promise<string> {
  await expect.poll(() => linksTo(dir, to, pathPart).length, { message: `${pathPart} mail to ${to}` }).toBeGreaterThanOrEqual(count);
  return linksTo(dir, to, pathPart)[count - 1]!;
}
