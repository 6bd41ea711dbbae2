#!/usr/bin/env node
// `npm run bench:size`: where the gate's middleware bytes come from. Builds the run's variants
// plus middlewares that keep one part of the app's gate each (bench/overlays/size/), and prints
// the gzip size each adds over the no-op floor (same method as the size target in run.mjs).
import os from 'node:os';
import path from 'node:path';
import { VARIANTS, appMatchers, build } from './lib/variants.mjs';
import { middlewareBundle } from './lib/size.mjs';

const EXPERIMENTS = {
  'x-token-only': { label: 'session check only (no security headers)', middleware: 'size/token-only.ts' },
  'x-headers-only': { label: 'security headers only (no session check)', middleware: 'size/headers-only.ts' },
};

const env = { ...process.env, NODE_ENV: 'production', AUTH_SECRET: 'bench-auth-secret-0123456789abcdef0123456789abcdef' };
delete env.DATABASE_URL;
const variants = { ...VARIANTS, ...EXPERIMENTS };
const sizes = {};
let matchers;
// The app first: the other middlewares take its matcher from its build.
for (const [name, variant] of Object.entries(variants)) {
  const { dir } = await build(name, { env: { ...env, PGLITE_DATA_DIR: path.join(os.tmpdir(), `bench-build-pglite-${name}`) }, log: console.log, matchers, variant });
  matchers ??= appMatchers(dir);
  sizes[name] = middlewareBundle(dir).gzip;
}
const floor = sizes.lab;
const authjsAdds = sizes.authjs - floor;
console.log(`\nno-op floor ${floor} B gzip; Auth.js default gate adds ${authjsAdds} B\n`);
for (const name of ['app', ...Object.keys(EXPERIMENTS)]) {
  const adds = sizes[name] - floor;
  console.log(`${variants[name].label.padEnd(50)} adds ${String(adds).padStart(6)} B = ${(adds / authjsAdds).toFixed(3)}x Auth.js's (target <= 0.2)`);
}
