/**
 * Password reset end to end at the handler level (issue 16): the link arrives in the development
 * mailbox, the new password is set once, every session ends, this client is signed in, audited.
 */
import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accountTokens, auditLog } from '@/db/schema';
import { GET as getMe } from '@/app/api/user/route';
import { forgotPasswordAction, resetPasswordAction } from '@/app/(auth)/account-actions';
import { verifyCredentials } from '@/lib/auth';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { redirectTarget, writtenSessionCookie } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { latestLink, mailTo, tokenOf } from '@/tests/helpers/mailbox';
import { enterRequest, finishResponse } from '@/tests/helpers/request-context';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { POST as forgot } from './forgot/route';
import { POST as reset } from './reset/route';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

setUpFreshBackendsAndKvPerTest();

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};

describe('POST /api/password/forgot → link by mail → POST /api/password/reset', () => {
  it('sets the new password once, ends every session, signs this client in, and is audited', async () => {
    const user = await createTestUser();
    const laptop = await sessionCookie(user);
    const phone = await sessionCookie(user);

    const asked = await callRoute(forgot, { method: 'POST', body: { email: `  ${user.email.toUpperCase()} ` } });
    expect(asked.status).toBe(202);
    const link = latestLink(user.email, '/reset-password');
    expect(link.origin).toBe('http://localhost:3000');
    const token = tokenOf(link);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await (await getDb()).select().from(accountTokens).where(eq(accountTokens.userId, user.id));
    expect(row!.tokenHash).not.toContain(token); // only the hash is stored
    // Expiry from the app's clock, creation from the database's: the same instant within a second.
    expect(Math.abs(row!.expiresAt.getTime() - row!.createdAt.getTime() - 30 * 60 * 1000)).toBeLessThan(1000);

    const done = await callRoute(reset, { method: 'POST', body: { token, password: 'a-brand-new-password' } });
    expect(done.status).toBe(200);
    expect(done.json).toEqual({ userId: user.id });
    const cookie = done.cookiesWritten.get(SESSION_COOKIE);
    expect(cookie).toBeTruthy();
    expect(((await callRoute(getMe, { cookie: `${SESSION_COOKIE}=${cookie}` })).json as { id: string }).id).toBe(user.id);
    expect((await callRoute(getMe, { cookie: laptop })).status).toBe(401);
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(401);
    expect((await verifyCredentials({ email: user.email, password: 'a-brand-new-password' }, '127.0.0.1')).ok).toBe(true);
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, '127.0.0.1')).ok).toBe(false);
    const audit = await (await getDb()).select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, 'user.password_reset')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(user.id);

    const replay = await callRoute(reset, { method: 'POST', body: { token, password: 'yet-another-password' } });
    expect(replay.status).toBe(400);
    expect(replay.json).toEqual({ error: 'This link has already been used. Ask for a new one if you still need it.' });
  });

  it('the pages\' forms do the same without JavaScript: same message for any address, then a redirect to the dashboard, signed in', async () => {
    const user = await createTestUser();
    enterRequest({ surface: 'action', headers: { host: 'localhost:3000' } });
    const unknown = await forgotPasswordAction({ status: 'idle' }, form({ email: 'nobody-here@example.test' }));
    enterRequest({ surface: 'action', headers: { host: 'localhost:3000' } });
    const known = await forgotPasswordAction({ status: 'idle' }, form({ email: user.email }));
    await finishResponse();
    expect(known).toEqual(unknown);
    expect(known.status).toBe('success');
    expect(mailTo('nobody-here@example.test')).toHaveLength(0);
    const token = tokenOf(latestLink(user.email, '/reset-password'));

    enterRequest({ surface: 'action', headers: { host: 'localhost:3000' } });
    const mismatch = await resetPasswordAction({ status: 'idle' }, form({ token, password: 'new-password-123', confirmPassword: 'other' }));
    expect(mismatch.fieldErrors?.confirmPassword).toEqual(['The passwords do not match']);
    expect(JSON.stringify(mismatch)).not.toContain(token);

    enterRequest({ surface: 'action', headers: { host: 'localhost:3000' } });
    const target = await redirectTarget(() => resetPasswordAction({ status: 'idle' }, form({ token, password: 'new-password-123', confirmPassword: 'new-password-123' })));
    expect(target).toBe('/dashboard');
    expect(writtenSessionCookie()).toBeTruthy();
  });
});
