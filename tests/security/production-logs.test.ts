/**
 * Case 70 (issue 21, findings 2 and 9): a production start on the embedded default seeds no
 * account and prints no password, and production never writes a reset or verification link or
 * token to its output. Everything the process prints (console and raw stdout/stderr writes) is
 * captured; the environment is production as `next start` sets it.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { countUsers } from '@/db/queries/users';
import { accountTokens } from '@/db/schema';
import { POST as forgot } from '@/app/api/password/forgot/route';
import { POST as register } from '@/app/api/register/route';
import { POST as resend } from '@/app/api/user/email-verification/route';
import { resetEnvCache } from '@/lib/core/env';
import { DEMO_ACCOUNTS } from '@/lib/demo-accounts';
import { MAIL_DELIVERY_UNCONFIGURED, resetMailTransport } from '@/lib/mail/transport';
import { startServer } from '@/lib/startup';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { latestLink, mailTo, tokenOf } from '@/tests/helpers/mailbox';
import { sessionCookie } from '@/tests/helpers/tokens';
import { HOST_SESSION_COOKIE } from '@/lib/core/session-cookie';
import { createTestUser } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';

/** Everything printed while the test runs, through console or straight to the streams. */
function captureOutput(): () => string {
  const chunks: string[] = [];
  const record = (...args: unknown[]) => void chunks.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' '));
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation(record);
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => (record(chunk), true));
  }
  return () => chunks.join('\n');
}

let output: () => string;
beforeEach(async () => {
  await useFreshBackends();
  vi.stubEnv('NODE_ENV', 'production');
  vi.stubEnv('AUTH_SECRET', 'production-secret-0123456789abcdef0123456789');
  vi.stubEnv('AUTH_URL', 'https://app.example.com');
  vi.stubEnv('SEED_DEMO_ACCOUNTS', '');
  resetEnvCache();
  resetMailTransport();
  output = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  resetEnvCache();
  resetMailTransport();
});

describe('case 70: no public admin in production', () => {
  it('a production start without SEED_DEMO_ACCOUNTS seeds no account and prints no password', async () => {
    await startServer();
    expect(await countUsers()).toBe(0);
    for (const account of DEMO_ACCOUNTS) {
      expect(output()).not.toContain(account.password);
      expect(output()).not.toContain(account.email);
    }
    expect(output()).toContain('npm run create-admin');
  });

  it('SEED_DEMO_ACCOUNTS=1 is the explicit opt-in: the same start seeds and prints the demo accounts', async () => {
    vi.stubEnv('SEED_DEMO_ACCOUNTS', '1');
    resetEnvCache();
    await startServer();
    expect(await countUsers()).toBe(DEMO_ACCOUNTS.length);
    expect(output()).toContain('admin@example.com / admin-password-1');
  });
});

describe('case 70: production never prints a link or token', () => {
  it('without SMTP_URL or MAIL_DIR, forgot-password is 503 naming SMTP_URL, nothing is stored, the log says why once and holds no link', async () => {
    vi.stubEnv('MAIL_DIR', '');
    resetEnvCache();
    const user = await createTestUser();
    await expectDbUnchanged(async () => {
      for (const email of [user.email, 'nobody@example.test']) {
        const res = await callRoute(forgot, { method: 'POST', body: { email } });
        expect(res.status).toBe(503);
        expect(res.json).toEqual({ error: MAIL_DELIVERY_UNCONFIGURED });
      }
    });
    expect(output()).not.toMatch(/token=|reset-password/);
    expect(output().match(/SMTP_URL/g)).toHaveLength(1);
  });

  it('without SMTP_URL or MAIL_DIR, resending the verification link is 503 and sign-up creates the account without a link anywhere', async () => {
    vi.stubEnv('MAIL_DIR', '');
    resetEnvCache();
    const user = await createTestUser();
    // AUTH_URL is https: the session cookie is the `__Host-` one there.
    const res = await callRoute(resend, { method: 'POST', cookie: await sessionCookie(user, { emailVerified: false }, HOST_SESSION_COOKIE) });
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: MAIL_DELIVERY_UNCONFIGURED });
    const signUp = await callRoute(register, { method: 'POST', body: { name: 'New Person', email: 'new-person@example.test', password: 'new-person-password' } });
    expect(signUp.status).toBe(201);
    expect(await (await getDb()).$count(accountTokens)).toBe(0);
    expect(output()).not.toMatch(/token=|verify-email/);
  });

  it('with MAIL_DIR set explicitly, the reset mail is written there and the output holds neither the link nor the token', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edge-sessions-prod-mail-'));
    vi.stubEnv('MAIL_DIR', dir);
    resetEnvCache();
    const user = await createTestUser();
    expect((await callRoute(forgot, { method: 'POST', body: { email: user.email } })).status).toBe(202);
    expect(readdirSync(dir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    const token = tokenOf(latestLink(user.email, '/reset-password', dir));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(output()).not.toContain(token);
    expect(output()).not.toMatch(/token=|reset-password/);
    expect(mailTo(user.email, dir)).toHaveLength(1);
  });
});
