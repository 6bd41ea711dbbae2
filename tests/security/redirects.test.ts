/**
 * Security cases 16–17 (redirects): every callbackUrl variant, through the three places that
 * decide a post-sign-in target: the `/login` page and sign-in action (`safeRedirectPath`), and
 * Auth.js's `redirect` callback (`authConfig.callbacks.redirect`). Whatever comes in, the target
 * stays on our origin. The same table runs against a production build in
 * `tests/e2e/security-build.e2e.ts` (with spoofed Host / X-Forwarded-Host).
 */
import { describe, expect, it } from 'vitest';
import { authConfig } from '@/auth.config';
import { safeRedirectPath, safeRedirectUrl } from '@/lib/core/safe-redirect';
import { FOREIGN_TARGETS, LOCAL_TARGETS } from './redirect-cases';

const BASE = 'http://localhost:3000';
const redirectCallback = (url: string, baseUrl = BASE) => authConfig.callbacks.redirect({ url, baseUrl });

describe('foreign and tricky targets fall back to /dashboard on our origin', () => {
  it.each(FOREIGN_TARGETS)('%j', async (target) => {
    expect(safeRedirectPath(target)).toBe('/dashboard');
    expect(new URL(safeRedirectUrl(target, BASE)).origin).toBe(BASE);
    const viaAuthJs = new URL(await redirectCallback(target));
    expect(viaAuthJs.origin).toBe(BASE);
    expect(viaAuthJs.pathname).toBe('/dashboard');
  });
});

describe('control: local targets are kept', () => {
  it.each(LOCAL_TARGETS)('%j → %j', async (target, expected) => {
    expect(safeRedirectPath(target)).toBe(expected);
    expect(await redirectCallback(target)).toBe(`${BASE}${expected}`);
    expect(await redirectCallback(`${BASE}${target}`)).toBe(`${BASE}${expected}`);
  });
});

describe('the base URL comes from the request; a foreign base never turns a local target foreign', () => {
  it.each(['https://evil.example', 'http://localhost.evil.example:3000', 'http://evil.example:3000'])('base %s', async (base) => {
    // A spoofed Host would make Auth.js's baseUrl foreign: then even a local path stays relative
    // to that base, and only a same-origin target is ever returned. The build test proves the
    // server ignores spoofed hosts for the redirect it actually sends.
    for (const target of FOREIGN_TARGETS) {
      const out = new URL(await redirectCallback(target, base));
      expect(out.origin).toBe(new URL(base).origin);
    }
  });
});
