import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      // `server-only` throws outside React Server Components; tests run modules directly.
      'server-only': path.join(root, 'tests/setup/empty-module.ts'),
    },
  },
  test: {
    environment: 'node',
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', '.next/**', 'tests/e2e/**', 'tests/services/**', 'tests/chaos/**', '.bench-tmp/**', 'bench/.work/**'],
    setupFiles: ['tests/setup/vitest.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // next-auth's ESM imports `next/server` without an extension, which Node's resolver refuses:
    // inlined, Vite resolves it, so Auth.js's own route handlers run in tests.
    server: { deps: { inline: ['next-auth'] } },
  },
});
