// Cold start (full mode only): process start to the first 200 of a protected page on the
// production path — PostgreSQL through the Neon driver (WebSocket bridge) and KV through
// @vercel/kv (Upstash REST in front of a leased Redis database), tests/services/harness — against
// the same page with no auth (the public twin of the lab build). The cookie comes from a sign-in
// on an earlier instance, as a returning user's would. Runs after every other server stopped.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { HAS_TASKSET, freePort, signIn } from '../lib/server.mjs';
import { ROOT } from '../lib/variants.mjs';
import { notMeasured, ratioTarget, round } from '../lib/report.mjs';

const PAGE = '/dashboard';
// Cold starts vary a lot from one to the next on a shared machine: 5 alternated rounds.
const ROUNDS = 5;
const LABEL = `cold start: process start → first 200 of ${PAGE} (Neon/KV path), protected / public twin`;

/** tests/services/serve.ts: bridge, a fresh migrated and seeded database, Upstash REST on a leased Redis db. */
async function startServices(log) {
  const [bridgePort, kvPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    SERVICES_BRIDGE_PORT: String(bridgePort),
    SERVICES_KV_PORT: String(kvPort),
    SERVICES_KV_TOKEN: randomBytes(24).toString('base64url'),
    SERVICES_DB_NAME: `es_t_${Date.now()}_${randomBytes(4).toString('hex')}`,
  };
  log('cold start: starting PostgreSQL (Neon driver) and Redis (Upstash REST) …');
  // Its own process group: npx → tsx → node, all stopped together (serve.ts then drops its database).
  const child = spawn('npx', ['tsx', '--conditions=react-server', 'tests/services/serve.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const kvUrl = `http://127.0.0.1:${kvPort}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`services exited (${child.exitCode}):\n${output.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`services not ready:\n${output.slice(-2000)}`);
    const up = await fetch(kvUrl).then(() => true, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    process.kill(-child.pid, 'SIGTERM');
  });
  return {
    stop,
    serverEnv: {
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${env.SERVICES_DB_NAME}`,
      NEON_WS_PROXY: `127.0.0.1:${bridgePort}/v1`,
      KV_REST_API_URL: kvUrl,
      KV_REST_API_TOKEN: env.SERVICES_KV_TOKEN,
    },
  };
}

export async function coldStartPhase({ quick, builds, start, stopAll, users, log }) {
  if (quick) return { targets: [notMeasured('cold-start', LABEL, 'full mode only')] };
  await stopAll();
  // The gate phase pinned this process (and so every server it starts) to one core: a cold start
  // gets the whole machine, as on a fresh function instance.
  if (HAS_TASKSET) spawnSync('taskset', ['-pc', '0-1', String(process.pid)], { stdio: 'ignore' });
  const services = await startServices(log);
  try {
    const first = await start(builds.app.dir, 'cold-signin', services.serverEnv);
    const cookie = await signIn(first.url, users.user.email, users.user.password);
    const { id } = await (await fetch(`${first.url}/api/user`, { headers: { cookie } })).json();
    await stopAll();
    const scenarios = [
      { key: 'app', dir: builds.app.dir, headers: { cookie } },
      { key: 'twin', dir: builds.lab.dir, headers: { 'x-bench-twin': id } },
    ];
    const ms = { app: [], twin: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of r % 2 ? [...scenarios].reverse() : scenarios) {
        const server = await start(s.dir, `cold-${s.key}`, services.serverEnv, { path: PAGE, headers: s.headers });
        ms[s.key].push(server.readyMs);
        await stopAll();
      }
      log(`cold start: round ${r + 1}/${ROUNDS} app ${round(ms.app[r], 0)} ms, twin ${round(ms.twin[r], 0)} ms`);
    }
    const target = ratioTarget('cold-start', LABEL, ms.app.map((a, i) => a / ms.twin[i]), { atMost: 1.2 });
    target.detail = `protected (app's gate, session + KV): ${ms.app.map((v) => round(v, 0)).join(', ')} ms; twin (no-op gate, no auth): ${ms.twin.map((v) => round(v, 0)).join(', ')} ms`;
    return { targets: [target], detail: { app: ms.app.map((v) => round(v, 0)), twin: ms.twin.map((v) => round(v, 0)) } };
  } finally {
    await stopAll();
    await services.stop();
  }
}
