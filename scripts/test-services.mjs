// `npm run test:services`: the data-layer and KV suites on the production drivers against real
// PostgreSQL and Redis (TEST_BACKEND=services: the vitest files listed in
// scripts/test-services-files.json), then the end-to-end suite against a production build wired to
// the same services (playwright.services.config.ts). Needs PostgreSQL on 127.0.0.1:5432 and Redis on
// 127.0.0.1:6379 (`.ci/run` starts them). `--no-e2e` runs only the vitest part.
//
// The list is explicit, so what runs is what was reviewed; `--check` (also run first here, and by
// scripts/test-services-files.test.ts in the ordinary unit run) fails when a test file that opens
// fresh backends is missing from it or a listed file is gone, so a new suite is never silently left out.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

// `--list <file>` checks another list (the check's own test).
const listAt = process.argv.indexOf('--list');
const LIST = listAt > 0 ? process.argv[listAt + 1] : 'scripts/test-services-files.json';
// The ways a test file opens fresh backends (tests/helpers/db.ts, tests/helpers/suite.ts).
const OPENS_BACKENDS = /\b(useFreshBackends|setUpFreshBackendsAndKvPerTest|freshBackendsWithSignedInUser)\(/;
const SKIP = new Set(['node_modules', '.next', '.git', '.data', 'test-results', 'playwright-report', 'bench', '.bench-tmp', 'e2e', 'services']);

function backendSuites(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) found.push(...backendSuites(path.join(dir, entry.name)));
    } else if (/\.test\.tsx?$/.test(entry.name)) {
      const file = path.join(dir, entry.name);
      if (OPENS_BACKENDS.test(readFileSync(file, 'utf8'))) found.push(file.split(path.sep).join('/'));
    }
  }
  return found;
}

const files = JSON.parse(readFileSync(LIST, 'utf8'));
const listed = new Set(files);
const problems = [
  ...backendSuites('.').filter((f) => !listed.has(f)).map((f) => `${f} opens fresh backends but is not in ${LIST}`),
  ...files.filter((f) => !existsSync(f)).map((f) => `${f} is in ${LIST} but does not exist`),
];
if (problems.length) {
  console.error(`test:services: the list of files is out of date:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
if (process.argv.includes('--check')) {
  console.log(`test:services: ${files.length} files listed, none missing.`);
  process.exit(0);
}

function reachable(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

for (const [name, port] of [['PostgreSQL', 5432], ['Redis', 6379]]) {
  if (!(await reachable(port))) {
    console.error(`test:services: ${name} is not reachable on 127.0.0.1:${port}. Start it (see .ci/run) or run \`npm test\`, which needs no services.`);
    process.exit(1);
  }
}

console.log(`test:services: ${files.length} vitest files on PostgreSQL (Neon driver) + Redis (@vercel/kv):\n  ${files.join('\n  ')}`);
const env = { ...process.env, TEST_BACKEND: 'services' };
const started = Date.now();
const vitest = spawnSync('npx', ['vitest', 'run', ...files], { stdio: 'inherit', env });
spawnSync('npx', ['tsx', '--conditions=react-server', 'tests/services/cleanup.ts', String(started)], { stdio: 'inherit' });
if (vitest.status !== 0) process.exit(vitest.status ?? 1);

if (!process.argv.includes('--no-e2e')) {
  const chromium = spawnSync('node', ['scripts/ensure-chromium.mjs'], { stdio: 'inherit' });
  if (chromium.status !== 0) process.exit(chromium.status ?? 1);
  const e2e = spawnSync('npx', ['playwright', 'test', '-c', 'playwright.services.config.ts'], { stdio: 'inherit', env });
  if (e2e.status !== 0) process.exit(e2e.status ?? 1);
}
