import { describe, expect, it } from 'vitest';
import { safeRedirectPath, safeRedirectUrl } from './safe-redirect';

describe('safeRedirectPath', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/products/1?tab=edit#x', '/products/1?tab=edit#x'],
    ['/profile/../admin', '/admin'],
    ['/./products', '/products'],
    ['/a/../products?next=//x', '/products?next=//x'],
  ])('keeps the local path %s', (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it.each([
    'https://evil.example/x',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    '/%252F%252Fevil.example',
    '/%5Cevil.example',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    ' /dashboard',
    '/\t/evil.example',
    'http:/evil.example',
    // Dot segments: `new URL()` collapses these to `//evil.example/…` (protocol-relative).
    '/.//evil.example/x',
    '/a/..//evil.example/x',
    '/..//evil.example',
    '/%2e//evil.example/x',
    '/%2E%2E//evil',
    '/.%2e//evil',
    '/%252e//evil.example',
    '/./%2F/evil.example',
    '/./\\evil',
    '',
    undefined,
    42,
  ])('falls back to /dashboard for %s', (input) => {
    expect(safeRedirectPath(input)).toBe('/dashboard');
  });
});

describe('safeRedirectUrl (Auth.js redirect callback)', () => {
  const base = 'http://localhost:3000';
  it('keeps same-origin absolute and relative URLs', () => {
    expect(safeRedirectUrl('http://localhost:3000/products', base)).toBe('http://localhost:3000/products');
    expect(safeRedirectUrl('/profile', base)).toBe('http://localhost:3000/profile');
  });
  it('sends foreign and look-alike hosts to /dashboard on our origin', () => {
    for (const url of ['https://evil.example/', 'http://localhost:3000.evil.example/', 'http://localhost@evil.example/', '//evil.example', '/.//evil.example/x', '/a/..//evil.example', '/%2e//evil.example', 'http://localhost:3000/.//evil.example/x']) {
      expect(safeRedirectUrl(url, base)).toBe('http://localhost:3000/dashboard');
    }
  });
});
