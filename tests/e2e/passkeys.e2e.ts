/**
 * Issue 22, passkeys in a real browser: Chromium's virtual authenticator (CDP `WebAuthn`: CTAP2,
 * internal transport, resident keys, user verification) against the production build. Sign in
 * with a password, add a passkey on the Security page, sign out, sign in with "Sign in with a
 * passkey" without typing anything, then through passkey autofill, remove the passkey, and the
 * same authenticator is refused.
 *
 * The virtual authenticator answers a conditional (autofill) request at once, as if the user had
 * picked the passkey from the email field's suggestions. So the page is a browser without
 * conditional mediation (`isConditionalMediationAvailable()` false) unless the test turns it on:
 * the button is then the only ceremony, and the autofill step is its own.
 */
import type { CDPSession, Page } from '@playwright/test';
import { AuthPages, expect, openAccountMenu, test } from './support/fixtures';
import { signInWithForm } from './support/browser';
import { registerUser } from './support/security';

/** Conditional mediation is reported only while `localStorage.autofill` is 'on'. */
async function controlAutofill(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const original = window.PublicKeyCredential?.isConditionalMediationAvailable?.bind(window.PublicKeyCredential);
    if (!original) return;
    window.PublicKeyCredential.isConditionalMediationAvailable = async () => window.localStorage.getItem('autofill') === 'on' && (await original());
  });
}

const setAutofill = (page: Page, on: boolean) => page.evaluate((value) => window.localStorage.setItem('autofill', value), on ? 'on' : 'off');

const sessionCookieValue = async (page: Page) => (await page.context().cookies()).find((c) => c.name.endsWith('authjs.session-token'))?.value ?? '';

async function signOutFromMenu(page: Page): Promise<void> {
  await openAccountMenu(page);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
}

async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

test('add a passkey, sign in with it without typing, remove it: the same passkey is then refused', async ({ page, baseURL }) => {
  const user = await registerUser(baseURL!, 'passkey');
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  await controlAutofill(page);
  await signInWithForm(page, user.email, user.password);

  await page.goto('/profile/security');
  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  await expect(passkeys.getByText('No passkeys yet.')).toBeVisible();
  await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(passkeys.getByRole('status')).toContainText('Passkey "Passkey 1" added');
  const list = passkeys.getByRole('list', { name: 'Passkeys' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText('never used');
  // A discoverable (resident) credential, held by the authenticator for this account.
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);

  // Rename it.
  await list.getByRole('button', { name: 'Rename Passkey 1' }).click();
  await list.getByLabel('New name for Passkey 1').fill('Work laptop');
  await list.getByRole('button', { name: 'Save name' }).click();
  await expect(passkeys.getByRole('status')).toContainText('Passkey renamed to "Work laptop"');

  await new AuthPages(page).signOut();
  await expect(page.getByLabel('Email')).toHaveValue('');
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect((await page.request.get('/api/user')).status()).toBe(200);

  // Passkey autofill: the email field offers the passkey on page load; picking it signs in.
  await setAutofill(page, true);
  const before = await sessionCookieValue(page);
  await signOutFromMenu(page);
  // Signed out, then signed in again by autofill alone: a new sign-in's cookie, and the dashboard.
  await expect.poll(() => sessionCookieValue(page), { timeout: 15_000 }).not.toBe(before);
  await expect.poll(() => sessionCookieValue(page)).not.toBe('');
  await expect(page).toHaveURL(/\/dashboard$/);
  expect((await page.request.get('/api/user')).status()).toBe(200);
  await setAutofill(page, false);

  await page.goto('/profile/security');
  await expect(list.getByRole('listitem')).toContainText('Work laptop');
  // The sign-ins were recorded: the passkey's last use is shown.
  await expect(list.getByRole('listitem')).toContainText('last used');
  await list.getByRole('button', { name: 'Remove Work laptop' }).click();
  await expect(passkeys.getByRole('status')).toContainText('Passkey "Work laptop" removed');
  await expect(passkeys.getByText('No passkeys yet.')).toBeVisible();

  // The authenticator still holds the credential; the server no longer knows it.
  await new AuthPages(page).signOut();
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByText('That passkey could not sign you in')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get('/api/user')).status()).toBe(401);
  // The password still works.
  await signInWithForm(page, user.email, user.password);
});
