/**
 * Security case 69 against the production build (`next start`), where Next.js's own router and
 * server-action body limit decide what a request that never reaches our code gets: undecodable
 * percent-encoding in a path (Next.js: a bare 500 without any security header) and page posts
 * above the 1 MB server-action limit (Next.js: a 500), with and without Content-Length. Each must
 * be a 4xx with our security headers and no internals; `raw` sends the path exactly as written.
 */
import { expect, test } from './support/fixtures';
import { credentialsSignIn, expectClean, header, raw, registerUser, sessionCookieOf, type RawResponse } from './support/security';

let memberCookie: string;

test.beforeAll(async ({ baseURL }) => {
  const member = await registerUser(baseURL!, 'edges');
  memberCookie = sessionCookieOf(await credentialsSignIn(baseURL!, member.email, member.password))!;
  expect(memberCookie).toBeTruthy();
});

function expectSecurityHeaders(res: RawResponse, kind: 'page' | 'api'): void {
  expect(header(res, 'x-content-type-options')).toBe('nosniff');
  expect(header(res, 'x-frame-options')).toBe('DENY');
  expect(header(res, 'content-security-policy')).toContain(kind === 'api' ? "default-src 'none'" : "frame-ancestors 'none'");
}

const UNDECODABLE = ['%ff', '%E0%A4%A', '%C0%AF', '%', 'ok%zz'];
const DYNAMIC_PAGES = ['/products/{}', '/admin/users/{}', '/products/{}/edit', '/{}'];
const DYNAMIC_API = ['/api/products/{}', '/api/user/sessions/{}', '/api/auth/{}', '/api/admin/users/{}'];

test.describe('undecodable percent-encoding in a path: 400 with the security headers, never 500', () => {
  for (const [kind, prefixes] of [['page', DYNAMIC_PAGES], ['api', DYNAMIC_API]] as const) {
    test(`${kind}s, signed out and signed in`, async ({ baseURL }) => {
      for (const template of prefixes) {
        for (const bad of UNDECODABLE) {
          const path = template.replace('{}', bad);
          for (const cookie of ['', memberCookie]) {
            const res = await raw(baseURL!, path, { headers: cookie ? { cookie } : {} });
            expect(res.status, `${path} ${cookie ? 'signed in' : 'signed out'}`).toBe(400);
            expect(JSON.parse(res.text)).toEqual({ error: 'Malformed URL' });
            expect(header(res, 'cache-control')).toBe('no-store');
            expectSecurityHeaders(res, kind);
            expectClean(res.text);
          }
        }
      }
    });
  }

  test('control: well-formed encodings still reach the route (404 of a missing id, 200 of a list)', async ({ baseURL }) => {
    expect((await raw(baseURL!, '/api/products/%20x', { headers: { cookie: memberCookie } })).status).toBe(404);
    expect((await raw(baseURL!, '/products/%25', { headers: { cookie: memberCookie } })).status).toBe(404);
    const list = await raw(baseURL!, '/api/products?q=%E2%9C%93', { headers: { cookie: memberCookie } });
    expect(list.status).toBe(200);
    expectSecurityHeaders(list, 'api');
  });
});

const MB = 1024 * 1024;

/** A multipart body of about `bytes` bytes: one file field, as a browser form with a file would post. */
function multipart(bytes: number): { body: Buffer; type: string } {
  const boundary = '----edge-sessions-e2e';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), Buffer.alloc(bytes, 97), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

test.describe('page posts above the 1 MB server-action limit: 413 JSON with the security headers', () => {
  test('/login, / and /register; 1.1, 5 and 10 MB; with Content-Length and chunked', async ({ baseURL }) => {
    for (const path of ['/login', '/', '/register']) {
      for (const size of [1.1 * MB, 5 * MB, 10 * MB]) {
        const { body, type } = multipart(Math.round(size));
        for (const framing of ['content-length', 'chunked'] as const) {
          const headers: Record<string, string> = { origin: baseURL!, 'content-type': type };
          if (framing === 'chunked') headers['transfer-encoding'] = 'chunked';
          else headers['content-length'] = String(body.length);
          const res = await raw(baseURL!, path, { method: 'POST', headers, body });
          expect(res.status, `${path} ${size} ${framing}`).toBe(413);
          expect(JSON.parse(res.text)).toEqual({ error: 'Request body too large' });
          expectSecurityHeaders(res, 'page');
          expectClean(res.text);
        }
      }
    }
  });

  test('control: a post under the limit reaches Next.js (its own 4xx for a non-action body, not 413)', async ({ baseURL }) => {
    const { body, type } = multipart(500_000);
    for (const framing of ['content-length', 'chunked']) {
      const headers: Record<string, string> = { origin: baseURL!, 'content-type': type };
      headers[framing === 'chunked' ? 'transfer-encoding' : 'content-length'] = framing === 'chunked' ? 'chunked' : String(body.length);
      const res = await raw(baseURL!, '/login', { method: 'POST', headers, body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).not.toBe(413);
      expect(res.status).toBeLessThan(500);
    }
  });
});
