/**
 * Runs before every test file. Handlers, actions and the data access layer run for real against
 * PGlite (real migrations) and the memory KV; only Next.js's request plumbing is provided by the
 * test: `cookies()`/`headers()` read the test's request (`tests/helpers/request-context.ts`),
 * `after()` queues work on it, and `revalidatePath` records the paths it was asked to revalidate.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

process.env.PGLITE_DATA_DIR = 'memory://';
// Mail goes to a development mailbox of this test file's own; SMTP only where a test starts a server.
process.env.MAIL_DIR = mkdtempSync(path.join(tmpdir(), 'edge-sessions-mail-'));
delete process.env.SMTP_URL;
delete process.env.DATABASE_URL;
delete process.env.KV_REST_API_URL;
delete process.env.KV_REST_API_TOKEN;

vi.mock('next/headers', async () => {
  const ctx = await import('../helpers/request-context');
  return { cookies: async () => ctx.currentCookies(), headers: async () => ctx.currentHeaders() };
});

// `after()` work waits for the test's response to be finished (`finishResponse`, run by `callRoute`).
vi.mock('next/server', async (importOriginal) => {
  const ctx = await import('../helpers/request-context');
  return { ...(await importOriginal<typeof import('next/server')>()), after: (task: () => unknown) => ctx.scheduleAfter(task) };
});

vi.mock('next/cache', async () => {
  const ctx = await import('../helpers/request-context');
  return {
    revalidatePath: (path: string) => ctx.recordRevalidation(path),
    revalidateTag: (tag: string) => ctx.recordRevalidation(`tag:${tag}`),
    unstable_cache: <T>(fn: T) => fn,
  };
});
