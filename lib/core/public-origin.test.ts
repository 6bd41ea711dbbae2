import { describe, expect, it } from 'vitest';
import { isPublicOrigin, publicOrigin, publicOriginSettings, publicUrl, withPublicForwardedHeaders } from './public-origin';

const direct = publicOriginSettings({});
const trusted = publicOriginSettings({ AUTH_TRUST_HOST: 'true' });
const fixed = publicOriginSettings({ AUTH_URL: 'https://app.example.com/api/auth' });
const h = (headers: Record<string, string>) => new Headers(headers);
const SPOOF = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

describe('publicOriginSettings', () => {
  it.each([
    [{}, { fixed: undefined, trustProxy: false }],
    [{ AUTH_TRUST_HOST: '1' }, { fixed: undefined, trustProxy: true }],
    [{ AUTH_TRUST_HOST: 'false' }, { fixed: undefined, trustProxy: false }],
    [{ VERCEL: '1' }, { fixed: undefined, trustProxy: true }],
    [{ AUTH_URL: 'http://127.0.0.1:4000/' }, { fixed: 'http://127.0.0.1:4000', trustProxy: false }],
    [{ NEXTAUTH_URL: 'https://a.example' }, { fixed: 'https://a.example', trustProxy: false }],
    [{ AUTH_URL: 'not a url' }, { fixed: undefined, trustProxy: false }],
    [{ AUTH_URL: 'javascript:alert(1)' }, { fixed: undefined, trustProxy: false }],
  ])('%j → %j', (env, expected) => {
    expect(publicOriginSettings(env)).toEqual(expected);
  });
});

describe('publicOrigin', () => {
  it.each([
    ['localhost', { host: 'localhost:3000' }, 'http://localhost:3000'],
    ['127.0.0.1', { host: '127.0.0.1:41234' }, 'http://127.0.0.1:41234'],
    ['a LAN-style name', { host: 'box.lan:8080' }, 'http://box.lan:8080'],
    ['IPv6 literal', { host: '[::1]:3000' }, 'http://[::1]:3000'],
    ['upper case', { host: 'Box.LAN' }, 'http://box.lan'],
    ['default port dropped', { host: 'box.lan:80' }, 'http://box.lan'],
  ])('direct, %s: the Host header over http', (_name, headers, expected) => {
    expect(publicOrigin(h(headers), direct)).toBe(expected);
  });

  it('direct: X-Forwarded-Host/-Proto from the client are ignored', () => {
    expect(publicOrigin(h({ host: '127.0.0.1:4000', ...SPOOF }), direct)).toBe('http://127.0.0.1:4000');
  });

  it.each(['evil.example/@x', 'a b', 'evil.example\\x', 'user@evil.example', '', 'x'.repeat(300), 'a:b:c'])(
    'a Host that is not a host (%j) gives the fallback, never a URL built from it',
    (host) => {
      expect(publicOrigin(h({ host }), direct)).toBe('http://localhost');
    },
  );

  it('trusted proxy: X-Forwarded-Host and -Proto decide (first value of a list)', () => {
    expect(publicOrigin(h({ host: '10.0.0.5:3001', 'x-forwarded-host': 'app.test:8443, other', 'x-forwarded-proto': 'https,http' }), trusted)).toBe(
      'https://app.test:8443',
    );
  });

  it('trusted proxy: missing or malformed forwarded values fall back to Host and http', () => {
    expect(publicOrigin(h({ host: 'app.test' }), trusted)).toBe('http://app.test');
    expect(publicOrigin(h({ host: 'app.test', 'x-forwarded-host': 'evil.example/x', 'x-forwarded-proto': 'gopher' }), trusted)).toBe('http://app.test');
  });

  it('AUTH_URL wins over every header', () => {
    expect(publicOrigin(h({ host: 'evil.example', ...SPOOF }), fixed)).toBe('https://app.example.com');
    expect(publicOrigin(h({}), fixed)).toBe('https://app.example.com');
    expect(publicOrigin(h({ host: 'x', ...SPOOF }), publicOriginSettings({ AUTH_URL: 'http://127.0.0.1:4000', AUTH_TRUST_HOST: '1' }))).toBe('http://127.0.0.1:4000');
  });
});

describe('isPublicOrigin and publicUrl', () => {
  const headers = h({ host: '127.0.0.1:4000', ...SPOOF });
  it.each([
    ['http://127.0.0.1:4000', true],
    ['http://localhost:4000', false],
    ['https://127.0.0.1:4000', false],
    ['https://evil.example', false],
    ['http://127.0.0.1:4000.evil.example', false],
    ['null', false],
    ['', false],
  ])('%j same-origin: %s', (origin, expected) => {
    expect(isPublicOrigin(origin, headers, direct)).toBe(expected);
  });

  it('publicUrl puts a path on the public origin', () => {
    expect(publicUrl('/login?callbackUrl=%2Fx', headers, direct).toString()).toBe('http://127.0.0.1:4000/login?callbackUrl=%2Fx');
    expect(publicUrl('/login', headers, fixed).toString()).toBe('https://app.example.com/login');
  });
});

describe('withPublicForwardedHeaders', () => {
  it('replaces a client’s X-Forwarded-Host/-Proto with the public origin’s, keeps the rest', () => {
    const out = withPublicForwardedHeaders(h({ host: '127.0.0.1:4000', cookie: 'a=b', ...SPOOF }), direct);
    expect(out.get('x-forwarded-host')).toBe('127.0.0.1:4000');
    expect(out.get('x-forwarded-proto')).toBe('http');
    expect(out.get('cookie')).toBe('a=b');
  });
  it('behind a trusted proxy the proxy’s values stay', () => {
    const out = withPublicForwardedHeaders(h({ host: '10.0.0.5', 'x-forwarded-host': 'app.test', 'x-forwarded-proto': 'https' }), trusted);
    expect([out.get('x-forwarded-host'), out.get('x-forwarded-proto')]).toEqual(['app.test', 'https']);
  });
});
