/**
 * `npm run create-admin` (issue 21, build point 2): the one documented way to a production
 * deployment's first admin. The shipped npm script runs for real (tsx, a child process) against a
 * temporary embedded database folder with a production environment; the test then opens that
 * folder and signs in through Auth.js's own routes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, setDatabaseForTests, type DatabaseHandle } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { POST as resetRoute } from '@/app/api/password/reset/route';
import { getSession } from '@/lib/auth';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { signInThroughAuthJs } from '@/tests/helpers/authjs';
import { callRoute } from '@/tests/helpers/http';
import { latestLink, tokenOf } from '@/tests/helpers/mailbox';
import { enterRequest } from '@/tests/helpers/request-context';
import { createTestSignIn } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';

const PASSWORD = 'operator-chosen-password-1';
let dir: string;
let mailDir: string;
let handle: DatabaseHandle | undefined;

/** Runs the npm script as an operator would, in production, with `stdin` piped in. */
function createAdmin(args: string[], stdin = '', extraEnv: Record<string, string> = {}) {
  const result = spawnSync('npm', ['run', '-s', 'create-admin', '--', ...args], {
    input: stdin,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      AUTH_SECRET: 'production-secret-0123456789abcdef0123456789',
      PGLITE_DATA_DIR: path.join(dir, 'pglite'),
      ...extraEnv,
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The folder the script wrote, opened as the app's database (one process at a time). */
async function openTheFolder(): Promise<DatabaseHandle> {
  handle = await openDatabase({ pgliteDataDir: path.join(dir, 'pglite') });
  setDatabaseForTests(handle);
  return handle;
}

async function closeTheFolder(): Promise<void> {
  await handle?.close();
  handle = undefined;
  setDatabaseForTests(undefined);
}

async function roleAfterSignIn(email: string, password: string): Promise<string | null> {
  const cookie = await signInThroughAuthJs(email, password);
  if (!cookie) return null;
  enterRequest({ cookie, surface: 'route' });
  return (await getSession())?.user.role ?? null;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'edge-sessions-create-admin-'));
  mailDir = path.join(dir, 'mail');
  setKvForTests(instrument(createMemoryKv()));
});
afterEach(closeTheFolder);

// Each case starts tsx (and PGlite) in a child process: seconds each on a shared machine.
describe('npm run create-admin', { timeout: 180_000 }, () => {
  it('creates a verified admin from the address argument and a password on stdin; the password is never printed', async () => {
    const run = createAdmin(['Ops@Example.com'], `${PASSWORD}\n`);
    expect(run.output).toContain('created the admin ops@example.com');
    expect(run.status).toBe(0);
    expect(run.output).not.toContain(PASSWORD);
    const db = (await openTheFolder()).db;
    const [row] = await db.select({ role: users.role, verified: users.emailVerifiedAt }).from(users).where(eq(users.email, 'ops@example.com'));
    expect(row?.role).toBe('admin');
    expect(row?.verified).toBeInstanceOf(Date);
    expect(await roleAfterSignIn('ops@example.com', PASSWORD)).toBe('admin');
    expect(await roleAfterSignIn('ops@example.com', 'some-other-password')).toBeNull();
  });

  it('promotes an account registered before the operator: its old password and sign-ins stop working', async () => {
    await openTheFolder();
    const squatter = await createTestUser({ email: 'ops@example.com', password: 'squatter-password-1' });
    const sid = await createTestSignIn(squatter.id);
    await closeTheFolder();

    const run = createAdmin(['ops@example.com'], `${PASSWORD}\n`);
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('promoted to admin');

    const { db } = await openTheFolder();
    expect(await roleAfterSignIn('ops@example.com', 'squatter-password-1')).toBeNull();
    expect(await roleAfterSignIn('ops@example.com', PASSWORD)).toBe('admin');
    const [session] = await db.select({ endedAt: userSessions.endedAt }).from(userSessions).where(eq(userSessions.id, sid));
    expect(session?.endedAt).toBeInstanceOf(Date);
  });

  it('refuses a password on the command line and a weak one, and writes nothing', async () => {
    const argv = createAdmin(['ops@example.com', `--password=${PASSWORD}`]);
    expect(argv.status).not.toBe(0);
    expect(argv.output).toContain('never taken from the command line');
    const weak = createAdmin(['ops@example.com'], 'short\n');
    expect(weak.status).toBe(1);
    expect(weak.output).toContain('at least 8 characters');
    const db = (await openTheFolder()).db;
    expect(await db.$count(users)).toBe(0);
  });

  it('--mail creates the admin with no usable password and mails a set-password link that works once', async () => {
    const run = createAdmin(['ops@example.com', '--mail'], '', { AUTH_URL: 'https://app.example.com', MAIL_DIR: mailDir });
    expect(run.status, run.output).toBe(0);
    const link = latestLink('ops@example.com', '/reset-password', mailDir);
    expect(link.origin).toBe('https://app.example.com');
    expect(run.output).not.toContain(tokenOf(link));

    await openTheFolder();
    const set = await callRoute(resetRoute, { method: 'POST', body: { token: tokenOf(link), password: PASSWORD } });
    expect(set.status).toBe(200);
    expect(await roleAfterSignIn('ops@example.com', PASSWORD)).toBe('admin');
    expect((await callRoute(resetRoute, { method: 'POST', body: { token: tokenOf(link), password: 'another-password-2' } })).status).toBe(400);
  });

  it('--mail in production without SMTP_URL or MAIL_DIR refuses before writing anything', async () => {
    const run = createAdmin(['ops@example.com', '--mail'], '', { AUTH_URL: 'https://app.example.com' });
    expect(run.status).toBe(1);
    expect(run.output).toContain('SMTP_URL');
    const db = (await openTheFolder()).db;
    expect(await db.$count(users)).toBe(0);
  });
});
