// Builds each benchmark variant from a scratch copy of the repository (bench/.work/<variant>)
// with overlay files replacing or wrapping whole app files (middleware.ts, lib/auth/index.ts, …).
// The shipped code has no switch for any of this: every difference lives in the overlay. Builds
// are cached by a hash of the copied tree.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const WORK = path.join(ROOT, 'bench', '.work');
const OVERLAYS = path.join(ROOT, 'bench', 'overlays');

// Not copied: what the build never reads (docs, tests, test and lint configs, CI, scripts), so an
// edit there keeps the cached builds; and local state.
const EXCLUDES = [
  '/bench', '/.bench-*', '/README.md', '/tests', '/scripts', '/.ci', '/playwright*.config.ts', '/vitest.config.ts', '/eslint.config.mjs',
  'node_modules', '.next', '.data', 'bench/.work', '.git', 'test-results', 'playwright-report', '.bench-tmp', 'coverage', '.env*', '*.tsbuildinfo', 'next-env.d.ts',
];

// The overlay next.config: the app's config, plus the scratch directory as Turbopack's root, no
// type check (the repository's own check covers the code; output is the same) and Turbopack's
// file-system cache for builds (see BUILD_DIR below: a rebuild recompiles what changed).
const NEXT_CONFIG = `import type { NextConfig } from 'next';
import base from './next.config.app';
const config: NextConfig = {
  ...base,
  experimental: { ...base.experimental, turbopackFileSystemCacheForBuild: true },
  typescript: { ...base.typescript, ignoreBuildErrors: true },
  turbopack: { ...base.turbopack, root: process.cwd() },
  outputFileTracingRoot: process.cwd(),
};
export default config;
`;

const GATE_PAGE_FILE = 'app/(bench-gate)/dashboard/bench-gate/page.tsx';
/** The light protected page the gate is judged on, the same file in every variant. */
export const GATE_PAGE = '/dashboard/bench-gate';

// In every variant, inert unless the server is started with BENCH_LATENCY=1: injected KV and
// database latency, switched at run time (bench/overlays/instrumentation.ts).
const LATENCY = {
  renames: { 'instrumentation.ts': 'instrumentation.app.ts' },
  files: ['instrumentation.ts', 'app/api/bench/latency/route.ts'],
};

/**
 * The variants, as whole files only (nothing in the app's source is searched or edited):
 * - `renames`: app files moved aside, for an overlay that wraps them under their old name;
 * - `files`: copied from bench/overlays/<path> to <path>;
 * - `middleware`: bench/overlays/<file> becomes middleware.ts, with the app's own matcher
 *   (read from the app variant's build manifest) appended as its `config`.
 * `app` is the repository as is plus the light protected page every variant gets (and the inert
 * latency switch); `authjs` puts Auth.js's default gate in front; `lab` is the no-op middleware
 * plus the measurement overlays (public twin, database-session baseline for pages and routes,
 * requireAdmin, session-only and multi-read pages, I/O latency and SQL log).
 */
export const VARIANTS = {
  app: { label: "app's gate", renames: LATENCY.renames, files: [GATE_PAGE_FILE, ...LATENCY.files] },
  authjs: { label: 'Auth.js default gate', middleware: 'middleware/authjs.ts', renames: LATENCY.renames, files: [GATE_PAGE_FILE, ...LATENCY.files] },
  lab: {
    label: 'no-op gate + bench overlays',
    middleware: 'middleware/noop.ts',
    renames: { ...LATENCY.renames, 'lib/auth/index.ts': 'lib/auth/index.app.ts' },
    files: [
      GATE_PAGE_FILE,
      ...LATENCY.files,
      'lib/auth/index.ts',
      'lib/bench-db-session.ts',
      'app/api/bench/db-session/route.ts',
      'app/api/bench/whoami/route.ts',
      'app/bench-admin/page.tsx',
      'app/bench-multi/page.tsx',
      'app/(dashboard)/dashboard/bench-auth/page.tsx',
    ],
  },
};

/**
 * The app's middleware matchers as its build recorded them (`.next/server/middleware-manifest.json`),
 * in the form a middleware's `config.matcher` takes.
 */
export function appMatchers(appDir) {
  const manifest = JSON.parse(readFileSync(path.join(appDir, '.next/server/middleware-manifest.json'), 'utf8'));
  const matchers = Object.values(manifest.middleware ?? {}).flatMap((m) => m.matchers ?? []);
  if (matchers.length === 0) throw new Error(`${appDir}: no middleware matchers in the build manifest`);
  return matchers.map((m) => {
    const conditions = Object.fromEntries(['has', 'missing', 'locale'].filter((k) => m[k] !== undefined).map((k) => [k, m[k]]));
    return Object.keys(conditions).length ? { source: m.originalSource, ...conditions } : m.originalSource;
  });
}

export function hashTree(dir, skip) {
  const h = createHash('sha256');
  const walk = (rel) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (skip.has(r)) continue;
      const full = path.join(dir, r);
      const st = statSync(full);
      if (st.isDirectory()) walk(r);
      else h.update(`${r}\0`).update(readFileSync(full)).update('\0');
    }
  };
  walk('');
  return h.digest('hex');
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

/**
 * Makes a scratch copy its own (empty) git repository. Inside this repository, bench/.work is
 * git-ignored, and Tailwind's automatic source detection, scanning a directory that its parent
 * repository ignores, reads far more than the app (measured: `next build` of the same tree took
 * 35 s instead of 24 s and emitted 100 KB of CSS instead of the app's 38 KB). A repository of its
 * own gives the copy the app's own .gitignore, and the app's CSS.
 */
export function ownRepository(dir) {
  if (!existsSync(path.join(dir, '.git'))) run('git', ['init', '--quiet', dir]);
}

/**
 * Turbopack refuses a node_modules symlink that points outside its root, so `dir` gets a hard-linked
 * copy of the repository's node_modules (redone when package-lock.json changes).
 */
export function linkModules(dir) {
  mkdirSync(dir, { recursive: true });
  const lock = readFileSync(path.join(ROOT, 'package-lock.json'));
  const stamp = path.join(dir, '.bench-modules');
  const lockHash = createHash('sha256').update(lock).digest('hex');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
    rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
    run('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
    writeFileSync(stamp, lockHash);
  }
}

/**
 * Copies the repository into bench/.work/<name> and lays the variant's overlay over it; `matchers`
 * (see appMatchers) is needed by variants with a `middleware`. Returns the scratch dir.
 */
export function prepare(name, variant, matchers) {
  const dir = path.join(WORK, name);
  mkdirSync(dir, { recursive: true });
  run('rsync', ['-a', '--delete', ...EXCLUDES.flatMap((e) => ['--exclude', e]), `${ROOT}/`, `${dir}/`]);
  linkModules(dir);
  ownRepository(dir);
  renameSync(path.join(dir, 'next.config.ts'), path.join(dir, 'next.config.app.ts'));
  writeFileSync(path.join(dir, 'next.config.ts'), NEXT_CONFIG);
  for (const [from, to] of Object.entries(variant.renames ?? {})) {
    if (!existsSync(path.join(dir, from))) throw new Error(`${name}: the overlay wraps ${from}, which the app no longer has`);
    renameSync(path.join(dir, from), path.join(dir, to));
  }
  for (const file of variant.files ?? []) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(path.join(OVERLAYS, file), path.join(dir, file));
  }
  if (variant.middleware) {
    if (!matchers) throw new Error(`${name}: its middleware needs the app's matchers`);
    const source = readFileSync(path.join(OVERLAYS, variant.middleware), 'utf8');
    writeFileSync(path.join(dir, 'middleware.ts'), `${source}\nexport const config = { matcher: ${JSON.stringify(matchers)} };\n`);
  }
  return dir;
}

// Every variant is built here, one after another, then its output is copied to the variant's own
// directory: Turbopack's file-system cache (in this directory's .next/cache) is only reused by a
// build at the same path, and the variants share most of their module graph.
const BUILD_DIR = path.join(WORK, '.build');
// The cache grows with every build; past this it is dropped and rebuilt on the next run.
const CACHE_LIMIT_BYTES = 2 * 2 ** 30;

/**
 * Builds a variant (default: VARIANTS[name]) unless the same tree was built before. Resolves to
 * { dir, built, seconds }.
 */
export async function build(name, { env, log, matchers, variant = VARIANTS[name] }) {
  const dir = prepare(name, variant, matchers);
  // Files the build itself writes into the tree must not count as sources.
  const skip = new Set(['node_modules', '.git', '.next', '.bench-hash', '.bench-modules', '.bench-build.log', 'next-env.d.ts', 'tsconfig.tsbuildinfo']);
  const hash = hashTree(dir, skip);
  const hashFile = path.join(dir, '.bench-hash');
  if (existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash && existsSync(path.join(dir, '.next', 'BUILD_ID'))) {
    return { dir, built: false, seconds: 0 };
  }
  const started = Date.now();
  linkModules(BUILD_DIR);
  const cache = path.join(BUILD_DIR, '.next', 'cache');
  const du = existsSync(cache) ? spawnSync('du', ['-sb', cache], { encoding: 'utf8' }).stdout : '';
  if (Number.parseInt(du, 10) > CACHE_LIMIT_BYTES) rmSync(cache, { recursive: true, force: true });
  run('rsync', ['-a', '--delete', '--exclude', '/node_modules', '--exclude', '/.next', '--exclude', '/.bench-*', `${dir}/`, `${BUILD_DIR}/`]);
  log(`building ${name} (${variant.label}) …`);
  const logFile = path.join(dir, '.bench-build.log');
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(BUILD_DIR, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: BUILD_DIR,
      env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      writeFileSync(logFile, out);
      if (code === 0) resolve();
      else reject(new Error(`next build of ${name} failed (exit ${code}); log: ${path.relative(ROOT, logFile)}\n${out.slice(-3000)}`));
    });
  });
  // The output, without the cache, goes next to the variant's sources, where `next start` runs.
  mkdirSync(path.join(dir, '.next'), { recursive: true });
  run('rsync', ['-a', '--delete', '--exclude', '/cache', `${BUILD_DIR}/.next/`, `${dir}/.next/`]);
  writeFileSync(hashFile, hash);
  return { dir, built: true, seconds: (Date.now() - started) / 1000 };
}
