import { describe, expect, it } from 'vitest';
import { gateDecision } from './routes';
import { findSessionCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE } from './session-token';

describe('gateDecision (the rules of middleware.ts and of authorized() in auth.config.ts)', () => {
  it.each([
    ['/', null, 'pass'],
    ['/login', null, 'pass'],
    ['/dashboardx', null, 'pass'],
    ['/dashboard', null, 'sign-in'],
    ['/products/1/edit', null, 'sign-in'],
    ['/admin/users', null, 'sign-in'],
    ['/dashboard', 'user', 'pass'],
    ['/profile/security', 'user', 'pass'],
    ['/admin', 'user', 'unauthorized'],
    ['/admin/users', 'user', 'unauthorized'],
    ['/admin/users', 'admin', 'pass'],
    ['/administrator', 'user', 'pass'],
  ] as const)('%s as %s → %s', (pathname, role, expected) => {
    expect(gateDecision(pathname, role)).toBe(expected);
  });
});

describe('findSessionCookie (the gate and the Node side pick the same cookie)', () => {
  const jar = (cookies: Record<string, string>) => ({ get: (name: string) => (name in cookies ? { value: cookies[name]! } : undefined) });

  it('prefers the __Secure- cookie', () => {
    expect(findSessionCookie(jar({ [SESSION_COOKIE]: 'a', [SECURE_SESSION_COOKIE]: 'b' }))).toEqual({ name: SECURE_SESSION_COOKIE, value: 'b' });
  });

  it('treats an empty cookie as absent', () => {
    expect(findSessionCookie(jar({ [SECURE_SESSION_COOKIE]: '', [SESSION_COOKIE]: 'a' }))).toEqual({ name: SESSION_COOKIE, value: 'a' });
    expect(findSessionCookie(jar({ [SESSION_COOKIE]: '' }))).toBeNull();
    expect(findSessionCookie(jar({}))).toBeNull();
  });
});
