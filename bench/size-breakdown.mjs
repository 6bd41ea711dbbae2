#!/usr/bin/env node
// `node bench/size-breakdown.mjs`: where the gate's middleware bytes come from. Builds overlay
// variants of the app's middleware with one import removed at a time and prints the gzip size
// each adds over the no-op floor (same method as the size target in run.mjs).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, VARIANTS, build } from './lib/variants.mjs';
import { middlewareBundle } from './lib/size.mjs';

const mw = readFileSync(path.join(ROOT, 'middleware.ts'), 'utf8');
const inlineEnv = (src) =>
  src
    .replace("import { isAdminPath, isProtectedPath } from '@/lib/core/routes';", "const isAdminPath = (p: string) => p === '/admin' || p.startsWith('/admin/');")
    .replace("import { readAuthSecrets } from '@/lib/core/env';", "const readAuthSecrets = () => [process.env.AUTH_SECRET ?? ''];");
const withoutSliding = (src) =>
  src
    .replace(/if \(shouldSlide\(claims\)\) \{[\s\S]*?\n {2}\}\n {2}return response;/, 'return response;')
    .replace('  encodeSessionToken,\n', '')
    .replace('  reissueMaxAge,\n', '')
    .replace('  shouldSlide,\n', '');

// lib/env.ts with its zod/mini schema built inside a function, so a bundle that only imports
// `readAuthSecrets` can drop it.
function lazyEnv() {
  const src = readFileSync(path.join(ROOT, 'lib/env.ts'), 'utf8');
  const start = src.indexOf('const optionalUrl');
  const end = src.indexOf('export type Env');
  if (start < 0 || end < 0) return null;
  const block = src
    .slice(start, end)
    .replace('const schema = z', '  return z')
    .replace('const optionalUrl', '  const optionalUrl')
    .replace('const optionalText', '  const optionalText');
  return `${src.slice(0, start)}function buildSchema() {\n${block}}\n\n${src.slice(end)}`
    .replace('z.infer<typeof schema>', 'z.infer<ReturnType<typeof buildSchema>>')
    .replace('z.safeParse(schema, cleaned)', 'z.safeParse(buildSchema(), cleaned)');
}

const experiments = {
  'x-no-env-import': { label: 'gate without the lib/env + auth.config imports', overlay: () => ({ 'middleware.ts': inlineEnv(mw) }) },
  'x-no-env-no-slide': { label: '… and without sliding re-encryption', overlay: () => ({ 'middleware.ts': withoutSliding(inlineEnv(mw)) }) },
  'x-lazy-env-schema': { label: 'gate as is, lib/env.ts schema built lazily', overlay: () => ({ 'lib/env.ts': lazyEnv() ?? '' }) },
};
Object.assign(VARIANTS, experiments);

const env = { ...process.env, NODE_ENV: 'production', AUTH_SECRET: 'bench-auth-secret-0123456789abcdef0123456789abcdef', PGLITE_DATA_DIR: path.join(os.tmpdir(), 'bench-build-pglite') };
const sizes = {};
for (const name of ['lab', 'authjs', 'app', ...Object.keys(experiments)]) {
  const { dir } = await build(name, env, console.log);
  sizes[name] = middlewareBundle(dir).gzip;
}
const floor = sizes.lab;
const authjsAdds = sizes.authjs - floor;
console.log(`\nno-op floor ${floor} B gzip; Auth.js default gate adds ${authjsAdds} B\n`);
for (const name of ['app', ...Object.keys(experiments)]) {
  const adds = sizes[name] - floor;
  console.log(`${(VARIANTS[name].label ?? name).padEnd(50)} adds ${String(adds).padStart(6)} B = ${(adds / authjsAdds).toFixed(3)}x Auth.js's (target <= 0.2)`);
}
