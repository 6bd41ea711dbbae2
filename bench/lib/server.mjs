// Starts a built variant with `next start` on a free loopback port (fresh PGlite directory,
// counters on, pinned to a core when taskset exists), signs in, reads the process tree's RSS.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const HAS_TASKSET = spawnSync('taskset', ['-V']).status === 0;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs `next start` for a scratch build; `env` adds variables. Start-up, sign-in and the counted
 * single requests use every core; `pin(cpu)` moves the server (all its threads) to one core before
 * it is put under load. Ready when `ready.path` (default: the counters) answers 200 with
 * `ready.headers`; `readyMs` is the time from spawning the process to that answer.
 */
export async function startServer(dir, { secret, env = {}, name, ready = { path: '/api/internal/counters', headers: {} } }) {
  const port = await freePort();
  const spawned = performance.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `bench-pglite-${name}-`));
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(DATABASE_URL|KV_|AUTH_|NEON_|PGLITE_|APP_COUNTERS|VERCEL|OTEL_)/.test(k)),
  );
  const next = path.join(dir, 'node_modules/next/dist/bin/next');
  const argv = [process.execPath, next, 'start', '-p', String(port), '-H', '127.0.0.1'];
  const [cmd, ...args] = argv;
  const child = spawn(cmd, args, {
    cwd: dir,
    // The bench signs in as the demo accounts: a production start seeds them only on request.
    env: { ...cleanEnv, NODE_ENV: 'production', AUTH_SECRET: secret, APP_COUNTERS: '1', SEED_DEMO_ACCOUNTS: '1', REQUIRE_ADMIN_MFA: '0', REAUTH_WINDOW_SECONDS: '86400', PGLITE_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const server = {
    name,
    url,
    port,
    pid: child.pid,
    dataDir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
    removeData() {
      rmSync(dataDir, { recursive: true, force: true });
    },
    pin(cpu) {
      if (HAS_TASKSET) spawnSync('taskset', ['-a', '-pc', String(cpu), String(child.pid)], { stdio: 'ignore' });
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name}: next start exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}${ready.path}`, { headers: ready.headers, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status === 200) return Object.assign(server, { readyMs: performance.now() - spawned });
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await server.stop();
  throw new Error(`${name}: server did not become ready:\n${output}`);
}

function cookiePairs(res) {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]);
}

/** Signs in through Auth.js's own endpoints (CSRF, then the credentials callback). Returns the Cookie header value. */
/** A session cookie for `email` (`extra`: more form fields, such as a second factor's `code`). */
export async function signIn(url, email, password, extra = {}) {
  const csrfRes = await fetch(`${url}/api/auth/csrf`);
  const { csrfToken } = await csrfRes.json();
  const jar = cookiePairs(csrfRes);
  const res = await fetch(`${url}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; '), origin: url },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${url}/dashboard`, ...extra }),
  });
  const session = cookiePairs(res).find((c) => /^(__Host-|__Secure-)?authjs\.session-token=/.test(c));
  if (!session) throw new Error(`sign-in as ${email} failed: ${res.status} ${res.headers.get('location')}`);
  return session;
}

function procTable() {
  const children = new Map();
  const rss = new Map();
  const cpu = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const pages = Number(fields[21]);
      rss.set(Number(entry), pages * 4096);
      // utime + stime + cutime + cstime, in clock ticks.
      cpu.set(Number(entry), Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return { children, rss, cpu };
}

function sumTree(rootPid, table, values) {
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    total += values.get(pid) ?? 0;
    stack.push(...(table.children.get(pid) ?? []));
  }
  return total;
}

/** Resident memory (bytes) of a process and all its descendants. */
export function treeRss(rootPid) {
  const table = procTable();
  return sumTree(rootPid, table, table.rss);
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds used so far by a process and its descendants (user + system). */
export function treeCpuSeconds(rootPid) {
  const table = procTable();
  return sumTree(rootPid, table, table.cpu) / CLOCK_TICKS;
}

/** The server's counters; with `since` (an earlier `ioCalls`), also the round trips in series since then. */
export async function readCounters(url, since) {
  const res = await fetch(`${url}/api/internal/counters${since === undefined ? '' : `?since=${since}`}`);
  if (res.status !== 200) throw new Error(`counters: ${res.status}`);
  return res.json();
}

/**
 * One request with the counters read before and after (the server must be otherwise idle):
 * `diff` holds each counter's change and `roundTrips`, the database and KV calls it waited for
 * in series (lib/core/counters.ts).
 */
export async function counted(url, pathname, { cookie, headers = {}, method = 'GET', body } = {}) {
  const before = await readCounters(url);
  const res = await fetch(`${url}${pathname}`, {
    method,
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const after = await readCounters(url, before.ioCalls);
  const diff = Object.fromEntries(Object.keys(before).map((k) => [k, after[k] - before[k]]));
  diff.roundTrips = after.roundTrips;
  return { status: res.status, text, setCookie: cookiePairs(res), diff };
}
