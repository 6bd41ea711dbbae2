// `npm run test:topology`: the self-hosting recipe, tested. Installs Debian's nginx and Chromium
// when missing (as root with apt), needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379
// (`.ci/run` starts them), builds the app once, then runs playwright.topology.config.ts: three
// `next start` instances of that build behind nginx terminating TLS for `app.test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

const NGINX = process.env.NGINX_BIN || '/usr/sbin/nginx';
const started = Date.now();

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function reachable(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

if (!existsSync(NGINX)) {
  if (process.getuid?.() !== 0) {
    console.error('test:topology: nginx is not installed (apt-get install nginx, or set NGINX_BIN).');
    process.exit(1);
  }
  console.log('test:topology: installing nginx (Debian package)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], { env });
}
for (const [name, port] of [['PostgreSQL', 5432], ['Redis', 6379]]) {
  if (!(await reachable(port))) {
    console.error(`test:topology: ${name} is not reachable on 127.0.0.1:${port}. Start it (see .ci/run).`);
    process.exit(1);
  }
}
run('node', ['scripts/ensure-chromium.mjs']);
if (!process.argv.includes('--no-build')) run('npm', ['run', 'build']);
const built = Date.now();
const tests = spawnSync('npx', ['playwright', 'test', '-c', 'playwright.topology.config.ts', ...process.argv.slice(2).filter((a) => a !== '--no-build')], { stdio: 'inherit' });
console.log(`test:topology: build ${Math.round((built - started) / 1000)} s, suite ${Math.round((Date.now() - built) / 1000)} s, total ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(tests.status ?? 1);
