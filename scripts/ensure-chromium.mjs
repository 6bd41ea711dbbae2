// Makes sure a system Chromium exists for Playwright (it cannot download its own browser here).
// Order: $PLAYWRIGHT_CHROMIUM_PATH, /usr/bin/chromium, else install Debian's `chromium` when
// running as root with apt-get; otherwise stop with a message saying what to install.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.PLAYWRIGHT_CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (found) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(
    'edge-sessions: the end-to-end tests need Chromium. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) ' +
      'or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary.',
  );
  process.exit(1);
}
console.log('edge-sessions: installing Debian chromium for the end-to-end tests…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execSync('apt-get update -qq', { stdio: 'inherit', env });
execSync('apt-get install -y -qq --no-install-recommends chromium', { stdio: 'inherit', env });
if (!existsSync('/usr/bin/chromium')) {
  console.error('edge-sessions: apt-get finished but /usr/bin/chromium is missing.');
  process.exit(1);
}
