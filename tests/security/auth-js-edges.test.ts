/**
 * Security case 69 on Auth.js's own routes, through the real route handler
 * (`app/api/auth/[...nextauth]/route.ts`): a body over 64 KB is a 413 before Auth.js parses it
 * (with a valid CSRF token and the right password, so only the size can refuse it), with or
 * without Content-Length; and every answer, whatever the endpoint, is `Cache-Control: no-store`.
 */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/auth/[...nextauth]/route';
import { MAX_BODY_BYTES } from '@/lib/api/request';
import { authGet, authPost } from '@/tests/helpers/authjs';
import { ORIGIN } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';

let user: TokenSubject;
setUpFreshBackendsAndKvPerTest();
beforeAll(async () => {
  user = await createTestUser();
});

const HOST = new URL(ORIGIN).host;
const signInForm = (padding: number) => ({ email: user.email, password: TEST_PASSWORD, pad: 'x'.repeat(padding) });

describe('Auth.js routes refuse bodies over 64 KB before parsing', () => {
  it('control: a sign-in with a body just under the limit signs in', async () => {
    const res = await authPost('/api/auth/callback/credentials', '', signInForm(MAX_BODY_BYTES - 1024));
    expect(res.status).toBe(302);
    expect(res.sessionCookie).toBeTruthy();
  });

  it('a valid sign-in padded past 64 KB (no Content-Length, as when chunked): 413, no session', async () => {
    const res = await authPost('/api/auth/callback/credentials', '', signInForm(MAX_BODY_BYTES + 1));
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ error: 'Request body too large' });
    expect(res.sessionCookie).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('a declared Content-Length over 64 KB is refused without reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode('a'.repeat(16 * 1024)));
        if (pulled === 128) controller.close(); // 2 MB, whatever the header says
      },
    });
    const headers = { host: HOST, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(32 * 1024 * 1024) };
    enterRequest({ headers, surface: 'route' });
    const request = new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, { method: 'POST', headers, body, duplex: 'half' } as ConstructorParameters<typeof NextRequest>[1]);
    const res = await POST(request);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // the stream's own first pull, never a read of 32 MB
  });

  it('a long chunked body is cut at the limit', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new TextEncoder().encode('a'.repeat(16 * 1024)));
        if (sent >= 2 * 1024 * 1024) controller.close();
      },
    });
    const headers = { host: HOST, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' };
    enterRequest({ headers, surface: 'route' });
    const request = new NextRequest(`${ORIGIN}/api/auth/signout`, { method: 'POST', headers, body, duplex: 'half' } as ConstructorParameters<typeof NextRequest>[1]);
    expect((await POST(request)).status).toBe(413);
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 64 * 1024);
  });
});

describe('every Auth.js answer is Cache-Control: no-store', () => {
  it.each(['/api/auth/session', '/api/auth/csrf', '/api/auth/providers', '/api/auth/signout', '/api/auth/signin', '/api/auth/error', '/api/auth/error?error=Configuration', '/api/auth/nope'])(
    'GET %s, signed out and signed in',
    async (path) => {
      for (const cookie of ['', await sessionCookie(user)]) {
        const res = await authGet(path, cookie);
        expect(res.status, `${path} ${res.status}`).toBeLessThan(500);
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
    },
  );

  it('POST sign-in (success and failure) and sign-out', async () => {
    const ok = await authPost('/api/auth/callback/credentials', '', { email: user.email, password: TEST_PASSWORD });
    const wrong = await authPost('/api/auth/callback/credentials', '', { email: user.email, password: 'wrong-password-1' });
    const noCsrf = await authPost('/api/auth/callback/credentials', '', { email: user.email, password: TEST_PASSWORD }, { csrf: false });
    const out = await authPost('/api/auth/signout', await sessionCookie(user));
    for (const res of [ok, wrong, noCsrf, out]) expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
