/**
 * Case 74 (issue 21, finding 5): every open one-time link of an account dies with a password
 * change, a ban, "sign out everywhere" and an admin revoke, in the transaction of that change
 * (`changeAuthorization` with `endLinks`). A link mailed before is refused afterwards, also after
 * an unban; a link mailed after the change works (the refusal is the change's doing).
 */
import { describe, expect, it } from 'vitest';
import { POST as forgot } from '@/app/api/password/forgot/route';
import { POST as reset } from '@/app/api/password/reset/route';
import { POST as register } from '@/app/api/register/route';
import { POST as verify } from '@/app/api/email/verify/route';
import { changePasswordAction, signOutEverywhereAction } from '@/app/(dashboard)/profile/security/actions';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { verifyCredentials } from '@/lib/auth';
import { signInThroughAuthJs } from '@/tests/helpers/authjs';
import { redirectTarget } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { latestLink, tokenOf } from '@/tests/helpers/mailbox';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

setUpFreshBackendsAndKvPerTest();

const NOT_VALID = /not valid/;
const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};
const idle = { status: 'idle' } as const;

async function mailedResetLink(email: string): Promise<string> {
  expect((await callRoute(forgot, { method: 'POST', body: { email } })).status).toBe(202);
  return tokenOf(latestLink(email, '/reset-password'));
}

const redeemResetLink = (token: string, password = 'reset-by-link-1') => callRoute(reset, { method: 'POST', body: { token, password } });

/** The link is refused as not valid, and the password it carried does not work. */
async function expectLinkDead(token: string, email: string) {
  const res = await redeemResetLink(token, 'reset-by-link-1');
  expect(res.status).toBe(400);
  expect((res.json as { error: string }).error).toMatch(NOT_VALID);
  expect(res.cookiesWritten.size).toBe(0);
  expect((await verifyCredentials({ email, password: 'reset-by-link-1' }, '127.0.0.1')).ok).toBe(false);
}

describe('case 74: open links die with the changes that end sessions', () => {
  let boss: TokenSubject;
  const admin = async () => (boss ??= await createTestUser({ role: 'admin' }));

  it('a password change (own, with the current password): the reset link mailed before is refused', async () => {
    const user = await createTestUser();
    const token = await mailedResetLink(user.email);
    enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
    const changed = await changePasswordAction(idle, form({ currentPassword: TEST_PASSWORD, newPassword: 'changed-password-1', confirmPassword: 'changed-password-1' }));
    expect(changed).toMatchObject({ status: 'success' });
    await expectLinkDead(token, user.email);
    expect((await verifyCredentials({ email: user.email, password: 'changed-password-1' }, '127.0.0.1')).ok).toBe(true);
    // A link asked for after the change works: it was the change that killed the first one.
    expect((await redeemResetLink(await mailedResetLink(user.email))).status).toBe(200);
  });

  it('a password change also kills the open verification link of the sign-up', async () => {
    const account = { name: 'New Person', email: `links-${Date.now()}@example.test`, password: 'new-person-password' };
    expect((await callRoute(register, { method: 'POST', body: account })).status).toBe(201);
    const verification = tokenOf(latestLink(account.email, '/verify-email'));
    const cookie = (await signInThroughAuthJs(account.email, account.password))!;
    enterRequest({ cookie, surface: 'action' });
    const changed = await changePasswordAction(idle, form({ currentPassword: account.password, newPassword: 'changed-password-1', confirmPassword: 'changed-password-1' }));
    expect(changed).toMatchObject({ status: 'success' });
    const res = await callRoute(verify, { method: 'POST', body: { token: verification } });
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(NOT_VALID);
  });

  it('a ban: the link mailed before is refused after the unban too', async () => {
    const user = await createTestUser();
    const token = await mailedResetLink(user.email);
    await changeUserAsAdmin((await admin()).id, user.id, { kind: 'update', banned: true });
    await changeUserAsAdmin((await admin()).id, user.id, { kind: 'update', banned: false });
    await expectLinkDead(token, user.email);
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, '127.0.0.1')).ok).toBe(true);
  });

  it('"sign out everywhere": the link mailed before is refused', async () => {
    const user = await createTestUser();
    const token = await mailedResetLink(user.email);
    enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
    expect(await redirectTarget(() => signOutEverywhereAction(idle, form({})))).toBe('/login?signedOut=everywhere');
    await expectLinkDead(token, user.email);
  });

  it('an admin revoking every session: the link mailed before is refused', async () => {
    const user = await createTestUser();
    const token = await mailedResetLink(user.email);
    await changeUserAsAdmin((await admin()).id, user.id, { kind: 'revoke_sessions' });
    await expectLinkDead(token, user.email);
  });

  it('a role change is no reason to kill a link: it still resets the password', async () => {
    const user = await createTestUser();
    const token = await mailedResetLink(user.email);
    await changeUserAsAdmin((await admin()).id, user.id, { kind: 'update', role: 'admin' });
    expect((await redeemResetLink(token)).status).toBe(200);
  });
});

describe('one lock order: a reset and an admin delete racing (finding 13)', () => {
  // Both lock the user row first now (the reset used to lock its token rows, then the user row,
  // while the delete locks the user row, then the tokens by cascade: a deadlock, answered 500).
  // On the services backend the two really run in parallel on two connections.
  it('never a 500: the reset either lands before the delete or finds the link gone', async () => {
    const boss = await createTestUser({ role: 'admin' });
    for (let round = 0; round < 5; round++) {
      const user = await createTestUser();
      const token = await mailedResetLink(user.email);
      const [res] = await Promise.all([redeemResetLink(token), changeUserAsAdmin(boss.id, user.id, { kind: 'delete' })]);
      expect([200, 400]).toContain(res.status);
    }
  });
});
