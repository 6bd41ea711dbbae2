// Builds every variant, one after another in one build directory, so each build reuses
// Turbopack's cache of the one before (see bench/lib/variants.mjs). The app comes first: the other
// middlewares take its matcher from its build.
import os from 'node:os';
import path from 'node:path';
import { VARIANTS, appMatchers, build } from '../lib/variants.mjs';
import { round } from '../lib/report.mjs';

export async function buildPhase({ secret, log }) {
  const env = { ...process.env, NODE_ENV: 'production', AUTH_SECRET: secret };
  delete env.DATABASE_URL;
  const builds = {};
  let matchers;
  for (const name of Object.keys(VARIANTS)) {
    builds[name] = await build(name, { env: { ...env, PGLITE_DATA_DIR: path.join(os.tmpdir(), `bench-build-pglite-${name}`) }, log, matchers });
    matchers ??= appMatchers(builds[name].dir);
    log(`${name}: ${builds[name].built ? `built in ${round(builds[name].seconds, 0)} s` : 'build reused (same sources)'}`);
  }
  return { context: { builds } };
}
