/**
 * Case 62 for mail (issue 16): no request header decides the origin of an emailed link. With
 * AUTH_URL the link is always on it; in production without it (and no trusted proxy) nothing is
 * sent and no token is created.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as forgot } from '@/app/api/password/forgot/route';
import { MAIL_LINKS_UNCONFIGURED } from '@/lib/mail/link-origin';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { latestLink, mailTo } from '@/tests/helpers/mailbox';
import { createTestUser } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';

beforeAll(async () => {
  await useFreshBackends();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const ask = (email: string, headers: Record<string, string> = {}) => callRoute(forgot, { method: 'POST', body: { email }, headers });

describe('case 62: the origin of an emailed link', () => {
  it('with AUTH_URL, a spoofed Host, X-Forwarded-Host or X-Forwarded-Proto changes nothing in the link', async () => {
    vi.stubEnv('AUTH_URL', 'https://app.example.com');
    const user = await createTestUser();
    const spoofed = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };
    expect((await ask(user.email, spoofed)).status).toBe(202);
    expect(latestLink(user.email, '/reset-password').origin).toBe('https://app.example.com');
  });

  it('in production without AUTH_URL (and no trusted proxy) → 503 naming AUTH_URL; no token, no mail', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const user = await createTestUser();
    await expectDbUnchanged(async () => {
      const res = await ask(user.email, { host: 'evil.example' });
      expect(res.status).toBe(503);
      expect(res.json).toEqual({ error: MAIL_LINKS_UNCONFIGURED });
    });
    expect(mailTo(user.email)).toHaveLength(0);
  });
});
