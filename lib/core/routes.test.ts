import { describe, expect, it } from 'vitest';
import { gateDecision } from './routes';

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
