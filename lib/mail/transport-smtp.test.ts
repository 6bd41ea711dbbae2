/**
 * The SMTP path, against a real SMTP server on a loopback port: a reset link is delivered with
 * MAIL_FROM as the sender; with the server gone the request is a 503 and the token created for
 * the message is not left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accountTokens } from '@/db/schema';
import { POST as forgot } from '@/app/api/password/forgot/route';
import { POST as reset } from '@/app/api/password/reset/route';
import { resetEnvCache } from '@/lib/core/env';
import { summarizeEml } from '@/lib/core/eml';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { mailTo } from '@/tests/helpers/mailbox';
import { startSmtpSink, type SmtpSink } from '@/tests/helpers/smtp-sink';
import { createTestUser } from '@/tests/helpers/users';
import { resetMailTransport } from './transport';

let sink: SmtpSink;

beforeAll(async () => {
  await useFreshBackends();
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.MAIL_FROM = 'Edge Sessions <no-reply@example.test>';
  resetEnvCache();
  resetMailTransport();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  resetEnvCache();
  resetMailTransport();
  await sink.close().catch(() => {});
});

describe('mail over SMTP', () => {
  it('delivers the reset link to the SMTP server (nothing in the file mailbox), and the link works', async () => {
    const user = await createTestUser();
    expect((await callRoute(forgot, { method: 'POST', body: { email: user.email } })).status).toBe(202);
    const delivered = sink.messages.filter((m) => m.to.includes(user.email));
    expect(delivered).toHaveLength(1);
    const summary = summarizeEml(delivered[0]!.raw);
    expect(summary.subject).toBe('Reset your edge-sessions password');
    expect(delivered[0]!.raw).toMatch(/^From: Edge Sessions <no-reply@example\.test>/m);
    expect(mailTo(user.email)).toHaveLength(0);
    const token = new URL(summary.links[0]!).searchParams.get('token')!;
    expect((await callRoute(reset, { method: 'POST', body: { token, password: 'smtp-delivered-password' } })).status).toBe(200);
  });

  it('SMTP server down → 503 with a clear message for known and unknown addresses; the token is deleted', async () => {
    const user = await createTestUser();
    await sink.close();
    resetMailTransport();
    for (const email of [user.email, 'nobody-smtp@example.test']) {
      const res = await callRoute(forgot, { method: 'POST', body: { email } });
      expect(res.status).toBe(503);
      expect(res.json).toEqual({ error: 'Email could not be sent right now. Please try again in a few minutes.' });
    }
    const rows = await (await getDb()).select().from(accountTokens).where(eq(accountTokens.userId, user.id));
    expect(rows).toHaveLength(0);
  });
});
