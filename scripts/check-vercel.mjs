// `npm run check:vercel`: builds the deployment with Vercel's own builder (the `vercel` CLI and
// `@vercel/next`, pinned devDependencies), offline, in a scratch copy (bench/.work/vercel), and
// checks what Vercel would ship:
// - the middleware is an edge function, its code within the Hobby plan's edge limit (1 MB gzip);
// - each Node function (its own files plus everything its `filePathMap` pulls in) far below the
//   250 MB function limit, without the tests or the bench overlays (PGlite: see EXPLAINED).
// No Vercel account or network: `.vercel/project.json` is written locally, the install step is
// skipped (node_modules is a hard-linked copy of this repository's, the same lockfile `npm ci`
// installs on Vercel), and the deployment variables get placeholders (prebuild checks their form).
// Writes bench/.work/vercel-check.json (the bench records it); exits 1 when a check fails.
// `--reuse`: analyse the last build when the sources have not changed since.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FORBIDDEN } from '../bench/lib/size.mjs';
import { ROOT, WORK, hashTree, linkModules, ownRepository } from '../bench/lib/variants.mjs';

const DIR = path.join(WORK, 'vercel');
export const RESULT_FILE = path.join(WORK, 'vercel-check.json');
// https://vercel.com/docs/functions/limitations: edge code 1 MB after gzip on Hobby; Node 250 MB.
export const EDGE_LIMIT_GZIP = 1024 * 1024;
export const NODE_LIMIT = 250 * 1024 * 1024;
/** "Far below": a fifth of the limit. */
const NODE_BUDGET = NODE_LIMIT / 5;
/**
 * PGlite is in every function, and the README says why: `instrumentation.ts` (start-up) opens it
 * when DATABASE_URL is unset, and @vercel/next adds instrumentation's trace to every function;
 * Next's `outputFileTracingExcludes` applies to routes, not to that trace. It is never loaded on
 * the Neon path. Counted and reported, not refused.
 */
const EXPLAINED = { name: 'PGlite', pattern: /node_modules\/@electric-sql\/pglite/ };
/** What the Neon path must not ship in a function. */
const NOT_SHIPPED = [
  { name: 'test helpers', pattern: /^(tests|test-results|playwright-report)\/|\.(test|e2e)\.tsx?$|node_modules\/(vitest|@playwright|playwright)\// },
  { name: 'bench overlays', pattern: /^bench\// },
];
const PLACEHOLDER_ENV = {
  AUTH_SECRET: 'check-vercel-placeholder-secret-0123456789abcdef',
  DATABASE_URL: 'postgres://check:check@db.invalid/check',
  KV_REST_API_URL: 'https://kv.invalid',
  KV_REST_API_TOKEN: 'check-vercel-placeholder',
  AUTH_URL: 'https://app.invalid',
  SMTP_URL: 'smtp://check:check@smtp.invalid:587',
  MAIL_FROM: 'edge-sessions <no-reply@app.invalid>',
};
const COPY_EXCLUDES = ['node_modules', '/.next', '/.git', '/.vercel', 'bench/.work', '/.data', '/test-results', '/playwright-report', '/coverage', '/.bench-tmp', '.env*', '*.tsbuildinfo'];

function exec(cmd, args, { env = process.env, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d) => {
      out = (out + d).slice(-20_000);
      if (!quiet) process.stdout.write(d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${out.slice(-3000)}`))));
  });
}

/** The scratch copy with vercel.json's install step emptied (see above) and the local project link. */
async function prepare() {
  mkdirSync(DIR, { recursive: true });
  await exec('rsync', ['-a', '--delete', ...COPY_EXCLUDES.flatMap((e) => ['--exclude', e]), `${ROOT}/`, `${DIR}/`], { quiet: true });
  linkModules(DIR);
  ownRepository(DIR);
  const vercelJson = JSON.parse(readFileSync(path.join(DIR, 'vercel.json'), 'utf8'));
  writeFileSync(path.join(DIR, 'vercel.json'), JSON.stringify({ ...vercelJson, installCommand: '' }, null, 2));
  mkdirSync(path.join(DIR, '.vercel'), { recursive: true });
  writeFileSync(path.join(DIR, '.vercel', 'project.json'), JSON.stringify({ projectId: 'prj_local_check', orgId: 'team_local_check', settings: { framework: 'nextjs' } }));
}

const sizeOf = (file) => statSync(file).size;
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

function analyseMiddleware(funcDir, config) {
  const files = filesUnder(funcDir).filter((f) => !f.endsWith('.vc-config.json') && !f.endsWith('.map'));
  let raw = 0;
  let gzip = 0;
  const forbidden = new Set();
  for (const file of files) {
    const content = readFileSync(file);
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    for (const f of FORBIDDEN) if (f.pattern.test(content.toString('utf8'))) forbidden.add(f.name);
  }
  return { runtime: config.runtime, files: files.length, raw, gzip, forbidden: [...forbidden] };
}

function analyseNodeFunction(funcDir, config) {
  const own = filesUnder(funcDir).filter((f) => !f.endsWith('.vc-config.json'));
  const mapped = Object.entries(config.filePathMap ?? {});
  let bytes = own.reduce((a, f) => a + sizeOf(f), 0);
  let pgliteBytes = 0;
  const shipped = new Set();
  for (const [target, source] of mapped) {
    const size = sizeOf(path.join(DIR, source));
    bytes += size;
    if (EXPLAINED.pattern.test(target)) pgliteBytes += size;
    for (const n of NOT_SHIPPED) if (n.pattern.test(target)) shipped.add(n.name);
  }
  return { runtime: config.runtime, files: own.length + mapped.length, bytes, pgliteBytes, notShipped: [...shipped] };
}

/** Every function of .vercel/output, once per real directory (routes share functions by symlink). */
export function analyseOutput() {
  const root = path.join(DIR, '.vercel', 'output', 'functions');
  const seen = new Map();
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (!entry.name.endsWith('.func') || !lstatSync(full).isDirectory() && !lstatSync(full).isSymbolicLink()) continue;
    const real = realpathSync(full);
    const name = path.relative(root, full);
    if (seen.has(real)) {
      seen.get(real).routes.push(name);
      continue;
    }
    const config = JSON.parse(readFileSync(path.join(real, '.vc-config.json'), 'utf8'));
    const analysis = config.runtime === 'edge' ? analyseMiddleware(real, config) : analyseNodeFunction(real, config);
    seen.set(real, { name, routes: [name], ...analysis });
  }
  const functions = [...seen.values()];
  const middleware = functions.find((f) => f.name === 'middleware.func');
  const node = functions.filter((f) => f.runtime?.startsWith('nodejs'));
  const largest = node.reduce((a, f) => (f.bytes > (a?.bytes ?? -1) ? f : a), null);
  const checks = [
    { check: 'middleware emitted as an edge function', ok: middleware?.runtime === 'edge', value: middleware?.runtime ?? 'missing' },
    { check: `middleware code gzip <= ${EDGE_LIMIT_GZIP} B (Hobby edge limit)`, ok: !!middleware && middleware.gzip <= EDGE_LIMIT_GZIP, value: middleware?.gzip },
    { check: 'middleware free of DB driver / KV client / password hash', ok: !!middleware && middleware.forbidden.length === 0, value: middleware?.forbidden.join(', ') || 'none' },
    { check: `every Node function <= ${NODE_BUDGET} B (a fifth of the ${NODE_LIMIT} B limit)`, ok: node.length > 0 && node.every((f) => f.bytes <= NODE_BUDGET), value: largest?.bytes },
    { check: 'no test helpers or bench overlays in a Node function', ok: node.every((f) => f.notShipped.length === 0), value: [...new Set(node.flatMap((f) => f.notShipped))].join(', ') || 'none' },
  ];
  return { middleware, nodeFunctions: node.map(({ name, routes, bytes, pgliteBytes, files, notShipped }) => ({ name, routes: routes.length, bytes, pgliteBytes, files, notShipped })), checks };
}

/** Builds (unless `reuse` and the sources are unchanged) and analyses; returns the result written to RESULT_FILE. */
export async function checkVercel({ reuse = false, log = console.log } = {}) {
  await prepare();
  const skip = new Set(['node_modules', '.git', '.next', '.vercel', '.bench-modules', 'next-env.d.ts', '.env.local']);
  const hash = hashTree(DIR, skip);
  const previous = existsSync(RESULT_FILE) ? JSON.parse(readFileSync(RESULT_FILE, 'utf8')) : null;
  let seconds = previous?.buildSeconds ?? null;
  if (!(reuse && previous?.hash === hash && existsSync(path.join(DIR, '.vercel', 'output', 'config.json')))) {
    log('check:vercel: vercel build (next build, then the Vercel output) …');
    const started = Date.now();
    // No telemetry and no update check: the build needs no network.
    const env = { ...process.env, ...PLACEHOLDER_ENV, VERCEL_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1', NO_UPDATE_NOTIFIER: '1' };
    await exec(path.join(DIR, 'node_modules', '.bin', 'vercel'), ['build', '--yes'], { env, quiet: reuse });
    seconds = (Date.now() - started) / 1000;
  }
  const result = { date: new Date().toISOString(), hash, buildSeconds: seconds, vercel: readVersion('vercel'), vercelNext: readVersion('@vercel/next'), ...analyseOutput() };
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function readVersion(name) {
  return JSON.parse(readFileSync(path.join(DIR, 'node_modules', name, 'package.json'), 'utf8')).version;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await checkVercel({ reuse: process.argv.includes('--reuse') });
  const mib = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;
  console.log(`\nvercel ${result.vercel}, @vercel/next ${result.vercelNext}; build ${Math.round(result.buildSeconds)} s`);
  console.log(`middleware: ${result.middleware?.runtime}, ${result.middleware?.raw} B raw, ${result.middleware?.gzip} B gzip`);
  for (const f of result.nodeFunctions) {
    console.log(`${f.name} (${f.routes} routes): ${mib(f.bytes)} in ${f.files} files, of which PGlite ${mib(f.pgliteBytes)} (README)${f.notShipped.length ? `; ships ${f.notShipped.join(', ')}` : ''}`);
  }
  for (const c of result.checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.check}: ${c.value}`);
  process.exit(result.checks.every((c) => c.ok) ? 0 : 1);
}
