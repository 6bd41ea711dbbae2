import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getMe } from '@/app/api/user/route';
import { getSession, verifyCredentials } from '@/lib/auth';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { redirectTarget, writtenSessionCookie } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { useFreshBackends } from '@/tests/helpers/db';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { changePasswordAction, signOutEverywhereAction } from './actions';

beforeAll(async () => {
  await useFreshBackends();
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};
const idle = { status: 'idle' } as const;

describe('change password', () => {
  it('needs the current password; then other sessions end, this one continues with a new cookie and its older cookie is stale, not revoked', async () => {
    const user = await createTestUser({ password: 'old-password-1' });
    const here = await sessionCookie(user);
    const elsewhere = await sessionCookie(user);

    enterRequest({ cookie: here, surface: 'action' });
    const wrong = await changePasswordAction(idle, form({ currentPassword: 'nope-nope-1', newPassword: 'new-password-1', confirmPassword: 'new-password-1' }));
    expect(wrong).toMatchObject({ status: 'error', fieldErrors: { currentPassword: ['The current password is not correct'] } });
    expect(JSON.stringify(wrong)).not.toContain('nope-nope-1');
    expect((await callRoute(getMe, { cookie: elsewhere })).status).toBe(200);

    enterRequest({ cookie: here, surface: 'action' });
    const mismatch = await changePasswordAction(idle, form({ currentPassword: 'old-password-1', newPassword: 'new-password-1', confirmPassword: 'other' }));
    expect(mismatch.fieldErrors?.confirmPassword).toEqual(['The passwords do not match']);

    enterRequest({ cookie: here, surface: 'action' });
    const ok = await changePasswordAction(idle, form({ currentPassword: 'old-password-1', newPassword: 'new-password-1', confirmPassword: 'new-password-1' }));
    expect(ok).toMatchObject({ status: 'success' });
    const reissued = writtenSessionCookie();
    expect(reissued).toBeTruthy();

    expect((await callRoute(getMe, { cookie: elsewhere })).status).toBe(401);
    // This device's pre-change cookie (a second tab's request in flight) is stale, not signed out:
    // served, and re-issued with the new version (issue 21, finding 13).
    const secondTab = await callRoute(getMe, { cookie: here });
    expect(secondTab.status).toBe(200);
    expect((secondTab.json as { id: string }).id).toBe(user.id);
    expect(secondTab.cookiesWritten.get(SESSION_COOKIE)).toBeTruthy();
    enterRequest({ cookie: `${SESSION_COOKIE}=${reissued}` });
    expect((await getSession())?.user.id).toBe(user.id);
    expect((await verifyCredentials({ email: user.email, password: 'new-password-1' }, '127.0.0.1')).ok).toBe(true);
    expect((await verifyCredentials({ email: user.email, password: 'old-password-1' }, '127.0.0.1')).ok).toBe(false);
  });
});

describe('sign out everywhere', () => {
  it('clears this cookie, redirects to /login, and every other device is signed out', async () => {
    const user = await createTestUser();
    const here = await sessionCookie(user);
    const elsewhere = await sessionCookie(user);
    enterRequest({ cookie: here, surface: 'action' });
    expect(await redirectTarget(() => signOutEverywhereAction(idle, form({})))).toBe('/login?signedOut=everywhere');
    expect(writtenSessionCookie()).toBe('');
    expect((await callRoute(getMe, { cookie: elsewhere })).status).toBe(401);
    expect((await callRoute(getMe, { cookie: here })).status).toBe(401);
  });
});
