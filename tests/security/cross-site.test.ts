/**
 * Security cases 18–22 (cross-site requests) at the handler level: every write through the
 * `handler()` wrapper refuses foreign origins (403) and CORS-safelisted content types (415)
 * before anything runs, and nothing changes. Build-level cases (Auth.js CSRF, server actions,
 * OPTIONS on the real server) are in `tests/e2e/security-build.e2e.ts`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as register } from '@/app/api/register/route';
import { GET as getUser } from '@/app/api/user/route';
import { callRoute, ORIGIN } from '@/tests/helpers/http';
import { expectDbUnchanged } from './support';
import { freshBackendsWithSignedInUser } from '@/tests/helpers/suite';

let cookie: string;
beforeAll(async () => ({ cookie } = await freshBackendsWithSignedInUser()));

const body = () => ({ name: 'Cross Site', email: `x-${Math.random().toString(36).slice(2)}@example.test`, password: 'long-enough-pw' });

describe('foreign origins are refused before the handler runs (403, nothing changed)', () => {
  it.each<[string, Record<string, string>]>([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null (sandboxed iframe, data: URL)', { origin: 'null' }],
    ['a look-alike Origin', { origin: 'http://localhost:3000.evil.example' }],
    ['our host on another scheme', { origin: 'https://localhost:3000' }],
    ['our host on another port', { origin: 'http://localhost:3001' }],
    ['Sec-Fetch-Site: cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['same Origin but Sec-Fetch-Site: cross-site', { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }],
  ])('%s', async (_name, headers) => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await expectDbUnchanged(() => callRoute(register, { method, cookie, body: body(), headers }));
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ error: 'Cross-origin request refused' });
    }
  });

  it.each<[string, Record<string, string>]>([
    ['same Origin', { origin: ORIGIN }],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['no browser at all (no Origin, no Sec-Fetch-Site)', {}],
  ])('control: %s is allowed through (201)', async (_name, headers) => {
    expect((await callRoute(register, { method: 'POST', body: body(), headers })).status).toBe(201);
  });
});

describe('CORS-safelisted content types are refused (415, nothing changed)', () => {
  it.each([
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json-patch+json',
    'application/jsonx',
    '',
  ])('Content-Type: %j', async (type) => {
    const res = await expectDbUnchanged(() =>
      callRoute(register, { method: 'POST', body: JSON.stringify(body()), headers: { 'content-type': type, origin: ORIGIN } }),
    );
    expect(res.status).toBe(415);
    expect(res.json).toEqual({ error: 'Content-Type must be application/json' });
  });
});

describe('GET never writes, and no response grants credentialed CORS', () => {
  it('GET /api/user with a foreign Origin answers the user (a read, no CORS headers: the browser withholds it)', async () => {
    const res = await expectDbUnchanged(() => callRoute(getUser, { cookie, headers: { origin: 'https://evil.example' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a foreign-origin write answers with no CORS headers either', async () => {
    const res = await callRoute(register, { method: 'POST', body: body(), headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
