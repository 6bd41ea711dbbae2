/**
 * Cases 17 and 62 at the edge of the proxy: a Host, X-Forwarded-Host or X-Forwarded-Proto sent by
 * the client never changes where a redirect points, which cookie name is used, or what counts as
 * same-origin. And cases 35–36 across instances: sign-in throttling per client, keyed on the
 * address nginx sets (X-Real-IP), whatever X-Forwarded-For the client sends.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:tls';
import { expect, test } from '@playwright/test';
import { DEMO_USER, uniqueUser } from '../e2e/support/fixtures';
import { ProxyClient, proxyRequest } from './support/client';
import { ALL, servedBy, signedIn, topology } from './support/state';

const SPOOFS: Record<string, string>[] = [
  { 'x-forwarded-host': 'evil.example' },
  { 'x-forwarded-proto': 'http' },
  { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http', 'x-forwarded-port': '1' },
];

test('a foreign Host (SNI app.test) never reaches an instance: 421, no cookie, no redirect', async () => {
  for (const host of ['evil.example', `evil.example:${topology().httpsPort}`, 'app.test.evil.example']) {
    const res = await proxyRequest('/dashboard', { headers: { host } });
    expect(res.status).toBe(421);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('x-served-by')).toBeFalsy();
  }
});

test('TLS for another name is refused at the handshake', async () => {
  const outcome = await new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: topology().httpsPort, servername: 'evil.example', rejectUnauthorized: false });
    socket.once('secureConnect', () => (socket.destroy(), resolve('connected')));
    socket.once('error', (err) => resolve(err.message));
  });
  expect(outcome).not.toBe('connected');
});

test('plain http redirects to the public origin whatever Host the client sends', async () => {
  for (const host of ['evil.example', 'app.test']) {
    const res = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port: topology().httpPort, path: '/dashboard?x=1', headers: { host } }, (r) => {
        r.resume();
        resolve({ status: r.statusCode ?? 0, location: r.headers.location });
      }).on('error', reject).end();
    });
    expect(res).toEqual({ status: 308, location: `${topology().publicOrigin}/dashboard?x=1` });
  }
});

test('spoofed X-Forwarded-* change neither the gate redirect, nor the sign-in redirect, nor the cookie name', async () => {
  const origin = topology().publicOrigin;
  for (const spoof of SPOOFS) {
    const gate = await proxyRequest('/dashboard', { headers: spoof });
    expect(gate.status).toBe(307);
    expect(gate.headers.get('location')).toBe(`${origin}/login?callbackUrl=%2Fdashboard`);
    const client = new ProxyClient();
    const csrf = await client.fetch('/api/auth/csrf', { headers: spoof });
    expect(csrf.headers.getSetCookie().some((l) => l.startsWith('__Host-authjs.csrf-token='))).toBe(true);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await client.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { ...spoof, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email: DEMO_USER.email, password: DEMO_USER.password, callbackUrl: '/products' }).toString(),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${origin}/products`);
    expect(res.headers.getSetCookie().filter((l) => l.includes('session-token=')).map((l) => l.split('=')[0])).toEqual(['__Host-authjs.session-token']);
  }
});

test('same-origin is the public origin, whatever X-Forwarded-Host says', async () => {
  const { client } = await signedIn(DEMO_USER.email, DEMO_USER.password);
  const origin = topology().publicOrigin;
  const product = { name: 'edge', priceCents: 5 };
  for (const spoof of SPOOFS) {
    const ours = await client.fetch('/api/products', { method: 'POST', headers: { ...spoof, origin }, json: product });
    expect(ours.status).toBe(201);
    const theirs = await client.fetch('/api/products', { method: 'POST', headers: { ...spoof, origin: 'https://evil.example' }, json: product });
    expect(theirs.status).toBe(403);
    const httpOrigin = await client.fetch('/api/products', { method: 'POST', headers: { ...spoof, origin: origin.replace('https:', 'http:') }, json: product });
    expect(httpOrigin.status).toBe(403);
  }
});

test('sign-in throttling counts per client across instances (X-Real-IP from nginx); a client’s X-Forwarded-For changes nothing', async () => {
  const attacker = '127.0.0.3';
  const victim = uniqueUser('throttle');
  expect((await new ProxyClient().fetch('/api/register', { method: 'POST', json: victim })).status).toBe(201);
  const served = new Set<number>();
  // 20 failures per client per window (README); each attempt on another unknown account, so the
  // per-account limit never triggers, each with a new X-Forwarded-For and X-Real-IP.
  for (let i = 0; i < 20; i++) {
    const client = new ProxyClient(attacker);
    const res = await client.signIn(`nobody-${i}-${victim.email}`, 'wrong-password');
    served.add(servedBy(res));
    expect(client.sessionToken).toBeUndefined();
  }
  expect([...served].sort()).toEqual(ALL);
  const spoofed = new ProxyClient(attacker);
  const csrf = await spoofed.fetch('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const limited = await spoofed.fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7' },
    body: new URLSearchParams({ csrfToken, email: victim.email, password: victim.password }).toString(),
  });
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(spoofed.sessionToken).toBeUndefined();
  // Another client (another source address) is not affected.
  const bystander = await signedIn(victim.email, victim.password, '127.0.0.4');
  expect(bystander.client.sessionToken).toBeTruthy();
});
