/**
 * Issue 17, points 4, 5, 9 and 10: "Sign out everywhere" asks first (JavaScript on and off), every
 * sign-out says so on /login, invalid fields are highlighted and described, an empty sign-in is not
 * posted (and, posted anyway, never reaches the throttle), focus lands on each form's result, and
 * public pages know a signed-in visitor.
 */
import { AuthPages, DEMO_USER, confirmStep, expect, test, uniqueUser } from './support/fixtures';
import { openContext, signInWithForm } from './support/browser';

test.describe('sign-out feedback', () => {
  for (const javaScript of [true, false]) {
    test(`"Sign out everywhere" needs a confirmation, then /login says so (JavaScript ${javaScript ? 'on' : 'off'})`, async ({ browser, baseURL }) => {
      const { context, page } = await openContext(browser, baseURL!, { javaScript });
      try {
        await new AuthPages(page).register(uniqueUser('everywhere'));
        await expect(page).toHaveURL(/\/dashboard$/);
        await page.goto('/profile/security');
        const confirm = page.getByRole('button', { name: 'Yes, sign out everywhere' });
        await expect(confirm).toBeHidden();
        await page.locator('summary', { hasText: 'Sign out everywhere…' }).click();
        await expect(page.getByText('Sign out on every device, this one included?')).toBeVisible();
        // The open step's summary, now "Cancel", is the way back.
        const summary = page.locator('summary', { hasText: 'Sign out everywhere…' });
        await expect(summary).toHaveAccessibleName('Cancel');
        await summary.click();
        await expect(confirm).toBeHidden();
        expect((await context.cookies()).some((c) => c.name.endsWith('session-token'))).toBe(true);

        await confirmStep(page, 'Sign out everywhere…', 'Yes, sign out everywhere');
        await expect(page).toHaveURL(/\/login\?signedOut=everywhere$/);
        await expect(page.getByRole('status')).toHaveText('You are signed out on every device, this one included.');
        expect((await context.cookies()).some((c) => c.name.endsWith('session-token'))).toBe(false);
      } finally {
        await context.close();
      }
    });
  }

  test('an ended session is explained on /login', async ({ page }) => {
    await page.goto('/session-ended');
    await expect(page).toHaveURL(/\/login\?ended=1$/);
    await expect(page.getByRole('status')).toHaveText('Your session has ended. Please sign in again.');
  });
});

test.describe('field errors', () => {
  test('the browser does not post an empty sign-in form', async ({ page }) => {
    let posted = false;
    page.on('request', (r) => {
      // The passkey autofill asks for its challenge on load: that is not the form being posted.
      if (r.method() === 'POST' && !new URL(r.url()).pathname.startsWith('/api/passkeys/')) posted = true;
    });
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByLabel('Email')).toBeFocused();
    expect(await page.getByLabel('Email').evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
    expect(posted).toBe(false);
  });

  test('an empty sign-in posted anyway gets field errors and is not counted by the throttle (no JavaScript)', async ({ browser, baseURL }) => {
    const { context, page } = await openContext(browser, baseURL!, { javaScript: false });
    try {
      const user = uniqueUser('empty');
      const created = await page.request.post('/api/register', { data: user });
      expect(created.status()).toBe(201);
      await page.goto('/login');
      // Past the browser's own check, as a script or an old browser would post it.
      await page.locator('form').first().evaluate((form: HTMLFormElement) => (form.noValidate = true));
      await page.getByLabel('Email').fill(user.email);
      for (let i = 0; i < 6; i++) {
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await expect(page.locator('[data-field-error=password]')).toHaveText('Enter your password');
        await page.locator('form').first().evaluate((form: HTMLFormElement) => (form.noValidate = true));
      }
      const password = page.getByLabel('Password');
      await expect(password).toHaveAttribute('aria-invalid', 'true');
      await expect(password).toHaveAttribute('aria-describedby', 'field-password-error');
      await expect(page.getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');
      // Six empty posts, more than the 5 attempts an account gets: the right password still works.
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
    } finally {
      await context.close();
    }
  });

  for (const dark of [false, true]) {
    test(`invalid fields are marked (aria-invalid, described by their error) and visibly red (${dark ? 'dark' : 'light'}, 375 px)`, async ({ browser, baseURL }) => {
      const { context, page } = await openContext(browser, baseURL!, { phone: true, dark });
      try {
        await page.goto('/register');
        await page.getByLabel('Name').fill('x');
        await page.getByLabel('Email').fill('not-an-email');
        await page.getByLabel(/Password/).fill('short');
        const idleBorder = await page.getByLabel('Name').evaluate((el) => getComputedStyle(el).borderTopColor);
        await page.getByRole('button', { name: 'Create account' }).click();
        await expect(page.locator('[data-notice=error]')).toHaveText('Please correct the highlighted fields.');
        for (const [label, name] of [['Name', 'name'], ['Email', 'email'], [/Password/, 'password']] as const) {
          const field = page.getByLabel(label);
          await expect(field).toHaveAttribute('aria-invalid', 'true');
          await expect(field).toHaveAttribute('aria-describedby', `field-${name}-error`);
          await expect(page.locator(`#field-${name}-error`)).toBeVisible();
          const border = await field.evaluate((el) => getComputedStyle(el).borderTopColor);
          expect(border).not.toBe(idleBorder);
          // The border takes the red of the error text under it.
          expect(border).toBe(await page.locator(`#field-${name}-error`).evaluate((el) => getComputedStyle(el).color));
        }
      } finally {
        await context.close();
      }
    });
  }

  test('focus moves to the result after "Save profile" and after a failed save', async ({ page, auth }) => {
    await auth.register(uniqueUser('focus'));
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto('/profile');
    await page.getByLabel('Name').fill('x');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.locator('[data-notice=error]')).toBeFocused();
    await page.getByLabel('Name').fill('Focus Person');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('status')).toHaveText('Profile saved.');
    await expect(page.getByRole('status')).toBeFocused();
  });
});

test.describe('public pages know a signed-in visitor', () => {
  test('/ offers the dashboard, /login and /register say who is signed in, the 404 page leads back to the dashboard', async ({ browser, baseURL }) => {
    const { context, page } = await openContext(browser, baseURL!, { javaScript: false });
    try {
      await page.goto('/');
      await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
      await signInWithForm(page, DEMO_USER.email, DEMO_USER.password);

      await page.goto('/');
      await expect(page.getByRole('link', { name: 'Go to dashboard' })).toHaveAttribute('href', '/dashboard');
      await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toHaveCount(0);
      for (const path of ['/login', '/register']) {
        await page.goto(path);
        await expect(page.getByText(`You are signed in as ${DEMO_USER.email}.`)).toBeVisible();
        await expect(page.getByLabel('Password')).toHaveCount(0);
        await expect(page.getByRole('link', { name: 'Continue to your dashboard' })).toHaveAttribute('href', '/dashboard');
      }
      await page.goto('/login?callbackUrl=%2Fproducts');
      await expect(page.getByRole('link', { name: 'Continue' })).toHaveAttribute('href', '/products');
      const missing = await page.goto('/no-such-page');
      expect(missing?.status()).toBe(404);
      await expect(page.getByRole('link', { name: 'Back to your dashboard' })).toHaveAttribute('href', '/dashboard');

      // "Sign out" from /login ends the session and shows the form again.
      await page.goto('/login');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await expect(page).toHaveURL(/\/login\?signedOut=this-device$/);
      await expect(page.getByLabel('Password')).toBeVisible();
    } finally {
      await context.close();
    }
  });
});
