/**
 * Case 61 (issue 14): the production build reached at `localhost`, at `127.0.0.1`, and at a
 * non-loopback-looking name (`box.test`, which Chromium resolves to a second loopback address,
 * 127.0.0.2): the browser signs in and stays on the host it used, a JSON write from the page is
 * same-origin, and Auth.js's credentials callback redirects to that host. No AUTH_URL is set: the
 * public origin is the Host the client used (lib/core/public-origin.ts). Behind a TLS proxy:
 * `npm run test:topology`.
 */
import { chromium } from '@playwright/test';
import { systemChromium } from './support/playwright-shared';
import { expect, test, uniqueUser } from './support/fixtures';
import { header, raw } from './support/security';

const HOSTS = [
  { name: 'localhost', resolve: undefined },
  { name: '127.0.0.1', resolve: undefined },
  { name: 'box.test', resolve: 'MAP box.test 127.0.0.2' },
];

/** Auth.js's credentials flow over raw HTTP with `Host: <host>` (what a client at that name sends). */
async function callbackAt(baseURL: string, host: string, email: string, password: string) {
  const headers = { host };
  const csrf = await raw(baseURL, '/api/auth/csrf', { headers });
  const cookie = header(csrf, 'set-cookie').split('\n').map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  return raw(baseURL, '/api/auth/callback/credentials', {
    method: 'POST',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: '/products' }).toString(),
  });
}

for (const { name, resolve } of HOSTS) {
  test(`at ${name}: sign in, stay on ${name}, write JSON from the page, Auth.js redirects to ${name}`, async ({ baseURL, api }) => {
    const port = new URL(baseURL!).port;
    const origin = `http://${name}:${port}`;
    const user = uniqueUser('hosts');
    expect((await api.fetch('/api/register', { method: 'POST', json: user })).status).toBe(201);

    const browser = await chromium.launch({ ...systemChromium, args: [...systemChromium.args, ...(resolve ? [`--host-resolver-rules=${resolve}`] : [])] });
    try {
      const page = await browser.newPage({ baseURL: origin });
      await page.goto('/dashboard');
      await expect(page).toHaveURL(`${origin}/login?callbackUrl=%2Fdashboard`);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(page).toHaveURL(`${origin}/dashboard`);
      await expect(page.getByRole('heading', { name: `Welcome, ${user.name}` })).toBeVisible();
      const status = await page.evaluate(async () => {
        const r = await fetch('/api/products', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Same origin', priceCents: 1 }) });
        return r.status;
      });
      expect(status).toBe(201);
    } finally {
      await browser.close();
    }

    const res = await callbackAt(baseURL!, `${name}:${port}`, user.email, user.password);
    expect(res.status).toBe(302);
    expect(header(res, 'location')).toBe(`${origin}/products`);
    expect(String(header(res, 'set-cookie'))).toContain('authjs.session-token=');
  });
}
