import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const DEEP_AUTH_IMPORT = { regex: '^@/lib/auth/', message: "Import the data access layer from '@/lib/auth', not the files behind it." };
// '@/db', '@/db/…', and any relative path that steps into a db/ folder ('../../db/queries/x').
const DB_IMPORT = { regex: '^(@/db|(\\.\\.?/)+db)(/|$)', message: "app/ and components/ never import db/: call a named service function in lib/ (e.g. '@/lib/admin-reads')." };

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', '.bench-tmp/**', 'bench/.work/**'],
  },
  {
    // Playwright fixtures call `use()`, which is not React's hook.
    files: ['tests/e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // The data access layer is closed: outside lib/auth, import it from its entry '@/lib/auth' only.
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: ['lib/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [DEEP_AUTH_IMPORT] }],
    },
  },
  {
    // app/ and components/ never import db/ (types included): a page's read is a named service in lib/.
    // Tests beside the routes may still set up and inspect rows.
    files: ['app/**', 'components/**'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [DEEP_AUTH_IMPORT, DB_IMPORT] }],
    },
  },
  {
    // lib/ is below auth.ts (Auth.js's Node instance): it never imports it; outside lib/auth, the layer's entry only.
    files: ['lib/**'],
    ignores: ['lib/auth/**', 'lib/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@/(lib/auth/|auth$)', message: "lib/ imports the data access layer from '@/lib/auth' and never imports auth.ts." }] }],
    },
  },
  {
    files: ['lib/auth/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@/auth$', message: 'lib/ never imports auth.ts (it imports lib/auth).' }] }],
    },
  },
  {
    // The leaf layer imports nothing of ours: the edge gate, auth.config.ts and db/ stand on it.
    files: ['lib/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(@/(?!lib/core/)|\\.\\./)', message: 'lib/core is the leaf layer: it imports nothing of ours outside lib/core.' }] }],
    },
  },
  {
    // db/ knows nothing of Next.js, cookies or the services above it; of ours it may import lib/core only.
    files: ['db/**'],
    ignores: ['db/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(@/(lib/(?!core/)|app/|components/|auth)|next(-auth)?(/|$))', message: 'db/ may import lib/core only (imports point app → lib → db → lib/core).' }] }],
    },
  },
  {
    // The edge gate's bundle: the leaf layer and auth.config.ts only (no driver, KV client or hash).
    files: ['middleware.ts', 'auth.config.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^@/(?!lib/core/|auth\\.config$)', message: 'The gate bundle may import lib/core and auth.config.ts only.' }] }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];

export default config;
