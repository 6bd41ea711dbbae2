/**
 * Cases 61–62 at the handler level: the public origin (lib/core/public-origin.ts) decides the
 * route handlers' same-origin check, the gate's redirects and the forwarded headers the rest of
 * the stack sees. Reached at `127.0.0.1` or a LAN-style name, same-origin writes pass; a client's
 * X-Forwarded-Host/-Proto change nothing unless a proxy is trusted; with AUTH_URL no header does.
 * Through the real proxy: tests/topology/edge-input.e2e.ts.
 */
import { NextRequest } from 'next/server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PATCH as patchUser } from '@/app/api/user/route';
import { middleware } from '@/middleware';
import { callRoute } from '@/tests/helpers/http';
import { freshBackendsWithSignedInUser } from '@/tests/helpers/suite';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { HOST_SESSION_COOKIE } from '@/lib/core/session-cookie';

let cookie: string;
/** The same user's cookie on an https public origin, where the session cookie is `__Host-`. */
let httpsCookie: string;
beforeAll(async () => {
  let user: TokenSubject;
  ({ user, cookie } = await freshBackendsWithSignedInUser());
  httpsCookie = await sessionCookie(user, {}, HOST_SESSION_COOKIE);
});

const saved = { AUTH_URL: process.env.AUTH_URL, AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST };
function setEnv(env: { AUTH_URL?: string; AUTH_TRUST_HOST?: string }) {
  for (const key of ['AUTH_URL', 'AUTH_TRUST_HOST'] as const) {
    if (env[key] === undefined) delete process.env[key];
    else process.env[key] = env[key];
  }
}
afterEach(() => setEnv(saved));

const SPOOF = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
const write = (headers: Record<string, string>, session = cookie) => callRoute(patchUser, { method: 'PATCH', cookie: session, headers, body: { name: 'Renamed' } });

describe('same-origin writes at whatever host the app is reached', () => {
  it.each(['localhost:3000', '127.0.0.1:41234', 'box.lan:8080', '[::1]:3000'])('Host %s with its own Origin → 200', async (host) => {
    setEnv({});
    expect((await write({ host, origin: `http://${host}` })).status).toBe(200);
  });

  it('behind a trusted proxy the forwarded host and scheme are the origin', async () => {
    setEnv({ AUTH_TRUST_HOST: '1' });
    const headers = { host: '127.0.0.1:3001', 'x-forwarded-host': 'app.test:8443', 'x-forwarded-proto': 'https' };
    expect((await write({ ...headers, origin: 'https://app.test:8443' }, httpsCookie)).status).toBe(200);
    expect((await write({ ...headers, origin: 'http://127.0.0.1:3001' }, httpsCookie)).status).toBe(403);
    // Over https only the __Host- cookie is a session (lib/core/session-cookie.ts).
    expect((await write({ ...headers, origin: 'https://app.test:8443' }, cookie)).status).toBe(401);
  });
});

describe('spoofed forwarding headers change no same-origin decision', () => {
  it('untrusted: X-Forwarded-Host/-Proto are ignored (the real Origin still passes, the spoofed one does not)', async () => {
    setEnv({});
    expect((await write({ host: '127.0.0.1:4000', ...SPOOF, origin: 'http://127.0.0.1:4000' })).status).toBe(200);
    const res = await write({ host: '127.0.0.1:4000', ...SPOOF, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: 'Cross-origin request refused' });
  });

  it('AUTH_URL: neither Host nor X-Forwarded-* matter, only its origin is same-origin', async () => {
    setEnv({ AUTH_URL: 'https://app.example.com', AUTH_TRUST_HOST: '1' });
    expect((await write({ host: 'evil.example', ...SPOOF, origin: 'https://app.example.com' }, httpsCookie)).status).toBe(200);
    for (const origin of ['https://evil.example', 'http://evil.example', 'http://localhost:3000']) {
      expect((await write({ host: 'evil.example', ...SPOOF, origin }, httpsCookie)).status).toBe(403);
    }
  });
});

async function gate(headers: Record<string, string>, path = '/dashboard', method = 'GET') {
  return middleware(new NextRequest(`http://localhost:3000${path}`, { method, headers }));
}

describe('the gate redirects to the public origin and passes it on', () => {
  it.each([
    [{}, { host: '127.0.0.1:4000' }, 'http://127.0.0.1:4000'],
    [{}, { host: 'box.lan:8080', ...SPOOF }, 'http://box.lan:8080'],
    [{ AUTH_TRUST_HOST: 'true' }, { host: '127.0.0.1:3001', 'x-forwarded-host': 'app.test', 'x-forwarded-proto': 'https' }, 'https://app.test'],
    [{ AUTH_URL: 'https://app.example.com' }, { host: 'evil.example', ...SPOOF }, 'https://app.example.com'],
  ])('env %j, headers %j → %s', async (env, headers, origin) => {
    setEnv(env);
    const res = await gate(headers);
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`${origin}/login?callbackUrl=%2Fdashboard`);
    // What the pages, Next.js's action check and Auth.js's signIn/signOut then read.
    const passed = await gate(headers, '/login');
    const url = new URL(origin);
    expect(passed.headers.get('x-middleware-request-x-forwarded-host')).toBe(url.host);
    expect(passed.headers.get('x-middleware-request-x-forwarded-proto')).toBe(url.protocol.slice(0, -1));
  });

  it('a server-action post whose Origin is the spoofed forwarded host is refused; our own passes', async () => {
    setEnv({});
    const base = { host: '127.0.0.1:4000', ...SPOOF, 'next-action': 'x', 'content-type': 'text/plain' };
    expect((await gate({ ...base, origin: 'https://evil.example' }, '/profile', 'POST')).status).toBe(403);
    expect((await gate({ ...base, origin: 'http://127.0.0.1:4000' }, '/profile', 'POST')).status).not.toBe(403);
  });
});
