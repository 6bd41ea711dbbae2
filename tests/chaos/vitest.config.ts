/**
 * Vitest for the tests that need the machine's PostgreSQL and Redis and spawn real processes
 * (`npm run test:chaos` runs it before the chaos run itself). Kept out of `npm test`, which
 * never needs a service.
 */
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export default defineConfig({
  root,
  resolve: { alias: { '@': root } },
  test: {
    environment: 'node',
    include: ['tests/chaos/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
