// Builds each benchmark variant from a scratch copy of the repository (bench/.work/<variant>)
// with overlay files replacing e.g. middleware.ts. The shipped code has no switch for any of
// this: every difference lives in the overlay. Builds are cached by a hash of the copied tree.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
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

/** The app's matcher list, copied verbatim into every middleware variant. */
export function appMatcher() {
  const src = readFileSync(path.join(ROOT, 'middleware.ts'), 'utf8');
  const m = /matcher:\s*(\[[^\]]*\])/.exec(src);
  if (!m) throw new Error('could not find `matcher: [...]` in middleware.ts');
  return m[1];
}

function withMatcher(file, matcher) {
  return readFileSync(path.join(OVERLAYS, file), 'utf8').replace(/matcher:\s*\[[^\]]*\]/, `matcher: ${matcher}`);
}

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

// The public twin: inside lookup(), a request carrying x-bench-twin: 1 gets a fixed session
// without reading the cookie, decrypting or asking KV (headers() keeps the page dynamic).
const TWIN_ANCHOR = 'async function lookup(): Promise<SessionLookup> {';
const TWIN_CODE = `
import { headers as __benchHeaders } from 'next/headers';
const __BENCH_TWIN: SessionLookup = {
  status: 'ok',
  session: {
    authzVersion: 0,
    authTime: 0,
    expires: 0,
    sid: '00000000-0000-4000-8000-000000000001',
    needsCookieRefresh: false,
    user: { id: '00000000-0000-4000-8000-000000000000', name: 'Uma User', email: 'user@example.com', image: null, role: 'user' },
  },
};
`;

function twinSession(src) {
  if (!src.includes(TWIN_ANCHOR)) throw new Error(`public twin overlay: "${TWIN_ANCHOR}" not found in lib/auth/session.ts`);
  return (
    src.replace(TWIN_ANCHOR, `${TWIN_ANCHOR}\n  if ((await __benchHeaders()).get('x-bench-twin') === '1') return __BENCH_TWIN;`) + TWIN_CODE
  );
}

/**
 * The variants. `app` is the repository as is (its middleware untouched) plus the light protected
 * page every variant gets; `authjs` replaces the middleware with Auth.js's default gate; `lab` is
 * the no-op middleware plus the measurement overlays (public twin, database-session baseline, role
 * change, requireAdmin and multi-read pages, I/O latency and SQL log).
 */
const GATE_PAGE_FILE = 'app/(bench-gate)/dashboard/bench-gate/page.tsx';
/** The light protected page the gate is judged on, the same file in every variant. */
export const GATE_PAGE = '/dashboard/bench-gate';
const gatePage = () => ({ [GATE_PAGE_FILE]: readFileSync(path.join(OVERLAYS, GATE_PAGE_FILE), 'utf8') });

export const VARIANTS = {
  app: { label: "app's gate", overlay: () => ({ ...gatePage() }) },
  authjs: { label: 'Auth.js default gate', overlay: (m) => ({ ...gatePage(), 'middleware.ts': withMatcher('middleware/authjs.ts', m) }) },
  lab: {
    label: 'no-op gate + bench overlays',
    overlay: (m) => ({
      ...gatePage(),
      'middleware.ts': withMatcher('middleware/noop.ts', m),
      'instrumentation.app.ts': { rename: 'instrumentation.ts' },
      'instrumentation.ts': readFileSync(path.join(OVERLAYS, 'instrumentation.ts'), 'utf8'),
      'lib/auth/session.ts': { transform: twinSession },
      'app/api/bench/db-session/route.ts': readFileSync(path.join(OVERLAYS, 'app/api/bench/db-session/route.ts'), 'utf8'),
      'app/api/bench/role/route.ts': readFileSync(path.join(OVERLAYS, 'app/api/bench/role/route.ts'), 'utf8'),
      'app/bench-admin/page.tsx': readFileSync(path.join(OVERLAYS, 'app/bench-admin/page.tsx'), 'utf8'),
      'app/bench-multi/page.tsx': readFileSync(path.join(OVERLAYS, 'app/bench-multi/page.tsx'), 'utf8'),
      'app/(dashboard)/dashboard/bench-auth/page.tsx': readFileSync(path.join(OVERLAYS, 'app/(dashboard)/dashboard/bench-auth/page.tsx'), 'utf8'),
    }),
  },
};

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
 * Turbopack refuses a node_modules symlink that points outside its root, so `dir` gets a hard-linked
 * copy of the repository's node_modules (redone when package-lock.json changes).
 */
function linkModules(dir) {
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

/** Copies the repository into bench/.work/<name>, applies the overlay; returns the scratch dir. */
export function prepare(name) {
  const dir = path.join(WORK, name);
  mkdirSync(dir, { recursive: true });
  run('rsync', ['-a', '--delete', ...EXCLUDES.flatMap((e) => ['--exclude', e]), `${ROOT}/`, `${dir}/`]);
  linkModules(dir);
  renameSync(path.join(dir, 'next.config.ts'), path.join(dir, 'next.config.app.ts'));
  writeFileSync(path.join(dir, 'next.config.ts'), NEXT_CONFIG);
  const files = VARIANTS[name].overlay(appMatcher());
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'string') writeFileSync(target, content);
    else if (content.rename) renameSync(path.join(dir, content.rename), target);
    else if (content.transform) writeFileSync(target, content.transform(readFileSync(target, 'utf8')));
  }
  return dir;
}

// Every variant is built here, one after another, then its output is copied to the variant's own
// directory: Turbopack's file-system cache (in this directory's .next/cache) is only reused by a
// build at the same path, and the variants share most of their module graph.
const BUILD_DIR = path.join(WORK, '.build');
// The cache grows with every build; past this it is dropped and rebuilt on the next run.
const CACHE_LIMIT_BYTES = 2 * 2 ** 30;

/** Builds the variant unless the same tree was built before. Resolves to { dir, built, seconds }. */
export async function build(name, env, log) {
  const dir = prepare(name);
  // Files the build itself writes into the tree must not count as sources.
  const skip = new Set(['node_modules', '.next', '.bench-hash', '.bench-modules', '.bench-build.log', 'next-env.d.ts', 'tsconfig.tsbuildinfo']);
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
  log(`building ${name} (${VARIANTS[name].label}) …`);
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
