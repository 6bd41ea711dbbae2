import type { NextConfig } from 'next';
import { PAGE_POST_MAX_BYTES } from './lib/core/request-limits';
import { API_CSP, staticSecurityHeaders } from './lib/core/security-headers';
import { isProductionRuntime, isVercelRuntime } from './lib/core/env';

// Pages get these from the middleware too (with the nonce CSP); this covers what it does not see:
// route handlers, static files, images.
const staticHeaders = Object.entries(staticSecurityHeaders(isProductionRuntime())).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite'],
  // On Vercel the database is Neon (a Vercel build without DATABASE_URL stops in prebuild,
  // scripts/check-env.ts), so PGlite (about 20 MB of WASM and data) and the migrations it applies
  // at start are left out of every function; `npm run check:vercel` asserts they are.
  ...(isVercelRuntime() ? { outputFileTracingExcludes: { '*': ['node_modules/@electric-sql/pglite/**', 'db/migrations/**'] } } : {}),
  // Next.js's default (1 MB), stated with the constant the middleware refuses larger page posts by
  // (413): Next.js itself would answer them with a 500.
  experimental: { serverActions: { bodySizeLimit: PAGE_POST_MAX_BYTES } },
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      { source: '/:path*', headers: staticHeaders },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }] },
    ];
  },
};

export default nextConfig;
