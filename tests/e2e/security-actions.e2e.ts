/**
 * Malformed server-action payloads against the production build (case 14b/14c): what React cannot
 * decode is a 400 from the gate, a crafted post that leaves an action without its FormData is
 * answered by the page, a well-formed post still reaches the action; never a 5xx. Plus the outage
 * page the app sends documents to when a dependency is down. Same payloads, handler level:
 * `tests/security/action-payload.test.ts`.
 */
import { expect, test } from './support/fixtures';
import { encodeActionPayload, malformedActionPayloads, shiftedActionPayloads, validActionPayload, type ActionPayload } from '../security/action-payload-cases';
import { raw } from './support/security';

let loginActionId: string;

test.beforeAll(async ({ baseURL }) => {
  // The id React renders into the /login form (the sign-in action, which takes a state first).
  const page = await raw(baseURL!, '/login');
  const meta = /name="\$ACTION_1:0" value="([^"]+)"/.exec(page.text)?.[1]?.replaceAll('&quot;', '"');
  loginActionId = (JSON.parse(meta ?? '{}') as { id?: string }).id ?? '';
  expect(loginActionId).toMatch(/^[0-9a-f]{40,}$/);
});

function post(baseURL: string, payload: ActionPayload) {
  const { body, contentType } = encodeActionPayload(payload);
  const headers: Record<string, string> = { 'content-type': contentType, origin: baseURL };
  if (payload.fetch) headers['next-action'] = loginActionId;
  return raw(baseURL, '/login', { method: 'POST', headers, body });
}

test.describe('action fields React cannot decode → 400, never 500', () => {
  test('every malformed payload, posted to /login', async ({ baseURL }) => {
    for (const payload of malformedActionPayloads(loginActionId)) {
      const res = await post(baseURL!, payload);
      expect(res.status, payload.name).toBe(400);
      expect(JSON.parse(res.text), payload.name).toEqual({ error: 'Malformed form body' });
    }
  });

  test('crafted posts that decode but shift the arguments are answered by the page; a well-formed one reaches the action', async ({ baseURL }) => {
    for (const payload of shiftedActionPayloads(loginActionId)) {
      const res = await post(baseURL!, payload);
      expect(res.status, payload.name).toBeLessThan(500);
      expect(res.status, payload.name).not.toBe(400);
    }
    const valid = await post(baseURL!, validActionPayload(loginActionId));
    expect(valid.status).toBe(200);
    expect(valid.text).toContain('Invalid email or password.');
  });
});

test.describe('the outage page', () => {
  test('answers 503 with Retry-After, no-store, its text and a way back', async ({ page, baseURL }) => {
    const res = await raw(baseURL!, '/outage');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const response = await page.goto('/outage');
    expect(response?.status()).toBe(503);
    await expect(page.getByRole('heading', { name: 'We’re having trouble reaching our services' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Try again' })).toHaveAttribute('href', '/dashboard');
  });
});
