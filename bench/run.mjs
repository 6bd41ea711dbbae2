#!/usr/bin/env node
// `npm run bench [-- --quick]`: side-by-side ratios of the app's auth path against its anchors
// (Auth.js's default gate, a no-op gate, the public twin, database sessions), counted database
// and KV work, the gate's bundle size, memory and scale. Method: shared/docs/benchmarks.md.
// Prints a table, writes bench/results.json, exits 1 when a target misses beyond its spread.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GATE_PAGE, ROOT, VARIANTS, build } from './lib/variants.mjs';
import { HAS_TASKSET, signIn, startServer, treeRss } from './lib/server.mjs';
import { load } from './lib/load.mjs';
import { middlewareBundle } from './lib/size.mjs';
import { exactTarget, median, notMeasured, ratioTarget, round, targetTable, throughputTable } from './lib/report.mjs';
import { countsPhase } from './lib/counts.mjs';
import { scalePhase } from './lib/scale.mjs';

const QUICK = process.argv.includes('--quick');
// Next's server keeps getting faster for its first thousands of requests (JIT): every scenario
// gets `initialWarmup` seconds of load before its first measured slot (in quick mode the gate page
// is warmed up by requests instead, see main()), and `warmup` seconds before each slot (seconds,
// not requests, so the run's length does not grow on a slower machine). Many short alternated
// slots rather than a few long ones: the machine's speed drifts, and a ratio is taken between
// neighbouring slots.
const SETTINGS = QUICK
  ? { rounds: 5, warmup: 0.3, measure: 1.5, initialWarmup: 1.5, memoryRequests: 20_000 }
  : { rounds: 8, warmup: 0.5, measure: 2, initialWarmup: 5, memoryRequests: 20_000, memoryWarmup: 2_000 };
const SECRET = 'bench-auth-secret-0123456789abcdef0123456789abcdef';
const DEMO_USER = { email: 'user@example.com', password: 'user-password-1' };
const DEMO_ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };
const LATENCY_MS = 2;
const started = Date.now();
const log = (msg) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

const servers = [];
async function stopAll() {
  for (const s of servers.splice(0)) {
    await s.stop();
    s.removeData();
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopAll().finally(() => process.exit(130));
  });
}

async function start(dir, name, extraEnv = {}) {
  const s = await startServer(dir, { secret: SECRET, env: extraEnv, name });
  servers.push(s);
  return s;
}

async function expectPage(url, cookie, needle, headers = {}) {
  const res = await fetch(url, { headers: { cookie, ...headers }, redirect: 'manual' });
  const text = await res.text();
  if (res.status !== 200 || !text.includes(needle)) throw new Error(`${url}: expected 200 containing "${needle}", got ${res.status}`);
}

/** Load until the scenario has served `requests` or `maxSeconds` have passed. */
async function warmUp(s, { requests, maxSeconds }) {
  const started = Date.now();
  let served = 0;
  while (served < requests && Date.now() - started < maxSeconds * 1000) served += (await load(s.url, { duration: 1, headers: s.headers })).ok;
}

/**
 * A B C, C B A, … each slot after its own short warm-up; returns the load results per scenario
 * key, per round. `initialWarmup: false` when the scenarios were warmed up beforehand.
 */
async function alternate(scenarios, label, { initialWarmup = true } = {}) {
  const results = Object.fromEntries(scenarios.map((s) => [s.key, []]));
  if (initialWarmup) for (const s of scenarios) await load(s.url, { duration: SETTINGS.initialWarmup, headers: s.headers });
  for (let r = 0; r < SETTINGS.rounds; r++) {
    const order = r % 2 ? [...scenarios].reverse() : scenarios;
    for (const s of order) {
      await load(s.url, { duration: SETTINGS.warmup, headers: s.headers });
      results[s.key].push(await load(s.url, { duration: SETTINGS.measure, headers: s.headers, pid: s.pid }));
    }
    log(`${label}: round ${r + 1}/${SETTINGS.rounds} ${scenarios.map((s) => `${s.key} ${round(results[s.key][r].rps, 0)} req/s (${round(results[s.key][r].perCpuSecond, 0)}/CPU-s)`).join(', ')}`);
  }
  return results;
}

function summarise(scenario, variant, runs) {
  const rps = runs.map((r) => r.rps);
  const cpu = runs.map((r) => r.perCpuSecond);
  const responses = runs.reduce((a, r) => a + r.responses, 0);
  return {
    scenario,
    variant,
    median: median(rps),
    min: Math.min(...rps),
    max: Math.max(...rps),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((a, r) => a + r.non2xx + r.errors, 0),
    responses,
    cookieShare: responses ? runs.reduce((a, r) => a + r.sessionCookies, 0) / responses : 0,
    rounds: rps.map((v) => round(v, 1)),
    cpuMedian: median(cpu),
    cpuMin: Math.min(...cpu),
    cpuMax: Math.max(...cpu),
    cpuRounds: cpu.map((v) => round(v, 1)),
  };
}

/** A measured row that is printed but never fails the run. */
function reportOnly(target, detail) {
  return { ...target, verdict: target.verdict === 'holds' ? 'holds' : `${target.verdict} (report only)`, ...(detail ? { detail } : {}) };
}

// CPU-bound scenarios are judged on requests per server CPU-second: on a shared machine wall-clock
// throughput moves with whatever else runs, the CPU cost of a request much less.
const perRound = (a, b, metric = 'perCpuSecond') => a.map((x, i) => x[metric] / b[i][metric]);

async function main() {
  log(`mode ${QUICK ? 'quick' : 'full'}; node ${process.version}; ${os.cpus().length} cores; taskset ${HAS_TASKSET ? 'yes' : 'no'}`);
  const buildEnv = { ...process.env, NODE_ENV: 'production', AUTH_SECRET: SECRET, PGLITE_DATA_DIR: path.join(os.tmpdir(), 'bench-build-pglite') };
  delete buildEnv.DATABASE_URL;
  const builds = {};
  // One after another in one build directory, so each build reuses Turbopack's cache of the
  // previous one (see bench/lib/variants.mjs).
  for (const name of Object.keys(VARIANTS)) {
    builds[name] = await build(name, { ...buildEnv, PGLITE_DATA_DIR: `${buildEnv.PGLITE_DATA_DIR}-${name}` }, log);
    log(`${name}: ${builds[name].built ? `built in ${round(builds[name].seconds, 0)} s` : 'build reused (same sources)'}`);
  }

  const targets = [];
  const throughput = [];

  // Size: no server needed.
  const size = Object.fromEntries(Object.keys(VARIANTS).map((n) => [n, middlewareBundle(builds[n].dir)]));
  const appAdds = size.app.gzip - size.lab.gzip;
  const authjsAdds = size.authjs.gzip - size.lab.gzip;
  targets.push(
    exactTarget('size', "gate bundle: app's addition / Auth.js's addition (gzip)", round(appAdds / authjsAdds, 3), appAdds <= 0.2 * authjsAdds, '<= 0.2',
      `no-op ${size.lab.gzip} B, app ${size.app.gzip} B (+${appAdds}), Auth.js ${size.authjs.gzip} B (+${authjsAdds})`),
    exactTarget('size-forbidden', 'gate bundle free of DB driver / KV client / password hash', size.app.forbidden.length ? size.app.forbidden.join(', ') : 'none', size.app.forbidden.length === 0, 'none'),
  );

  // Quick mode leaves out the slower, report-only comparisons: /dashboard behind each gate and
  // the injected-latency API run (and with it the fourth server).
  log(`starting servers (app, authjs, lab${QUICK ? '' : `, lab with ${LATENCY_MS} ms I/O latency`}) …`);
  const [app, authjs, lab, slow] = await Promise.all([
    start(builds.app.dir, 'app'),
    start(builds.authjs.dir, 'authjs'),
    start(builds.lab.dir, 'lab'),
    QUICK ? null : start(builds.lab.dir, 'lab-latency', { BENCH_IO_LATENCY_MS: String(LATENCY_MS) }),
  ]);
  log('servers ready; signing in …');
  const cookies = {};
  for (const s of [app, authjs, lab]) cookies[s.name] = await signIn(s.url, DEMO_USER.email, DEMO_USER.password);
  const adminCookie = await signIn(lab.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
  for (const s of [app, authjs, lab]) {
    await expectPage(`${s.url}/dashboard`, cookies[s.name], 'Welcome,');
    await expectPage(`${s.url}${GATE_PAGE}`, cookies[s.name], `Signed in as ${DEMO_USER.email}`);
    const anonymous = await fetch(`${s.url}${GATE_PAGE}`, { redirect: 'manual' });
    if (anonymous.status !== 307 || !anonymous.headers.get('location')?.includes('/login')) throw new Error(`${s.name}: ${GATE_PAGE} without a session answered ${anonymous.status}, not a redirect to /login`);
  }
  await expectPage(`${lab.url}/dashboard`, '', 'user@example.com', { 'x-bench-twin': '1' });
  const dbCookieRes = await fetch(`${lab.url}/api/bench/db-session`, { method: 'POST', headers: { cookie: cookies.lab } });
  if (dbCookieRes.status !== 200) throw new Error(`db-session setup: ${dbCookieRes.status} ${await dbCookieRes.text()}`);
  const dbCookie = (await dbCookieRes.json()).cookie;
  const [userJson, dbJson] = await Promise.all([
    fetch(`${lab.url}/api/user`, { headers: { cookie: cookies.lab } }).then((r) => r.json()),
    fetch(`${lab.url}/api/bench/db-session`, { headers: { cookie: dbCookie } }).then((r) => r.json()),
  ]);
  if (JSON.stringify(userJson) !== JSON.stringify(dbJson)) throw new Error(`baseline answers differently: ${JSON.stringify(userJson)} vs ${JSON.stringify(dbJson)}`);

  // Counts come after the gate phases (listed here in the table): before them, every server has
  // served the same few requests, so none enters the gate comparison with a different history.
  const countsAt = targets.length;

  const gateScenarios = (pathname) => [
    { key: 'app', pid: app.pid, url: `${app.url}${pathname}`, headers: { cookie: cookies.app } },
    { key: 'authjs', pid: authjs.pid, url: `${authjs.url}${pathname}`, headers: { cookie: cookies.authjs } },
    { key: 'noop', pid: lab.pid, url: `${lab.url}${pathname}`, headers: { cookie: cookies.lab } },
  ];
  // Quick mode warms each server up front on the gate page, by requests (a cold server costs about
  // the same whatever its middleware, so measuring must not start before the JIT has seen enough of
  // them, however slow the machine): the same number for each, side by side on both cores, before
  // pinning. Full mode gives every scenario of the gate phase `initialWarmup` seconds instead.
  if (QUICK) {
    log('warming up the servers …');
    await Promise.all(gateScenarios(GATE_PAGE).map((s) => warmUp(s, { requests: 800, maxSeconds: 15 })));
  }

  // From here on the servers are under load: all on core 1, the load generator on core 0 (not
  // before: the servers inherit the bench's affinity, and start-up and warm-up use every core).
  if (HAS_TASKSET) spawnSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  for (const s of [app, authjs, lab, slow]) s?.pin(1);

  // Gate: the same protected page behind three middlewares. Judged on the light protected page
  // (root layout + requireAuth), where what differs is the middleware; /dashboard (dashboard
  // layout + its product counts) is measured the same way and reported, with its ceiling: the
  // no-op's own ratio to Auth.js there, what a gate costing nothing at all would reach.
  const gate = await alternate(gateScenarios(GATE_PAGE), `gate ${GATE_PAGE}`, { initialWarmup: !QUICK });
  const gateRows = (pathname, r) => [summarise(pathname, "app's gate", r.app), summarise(pathname, 'Auth.js default gate', r.authjs), summarise(pathname, 'no-op gate', r.noop)];
  const ceiling = (r) => `ceiling on this page (no-op / Auth.js, what a gate costing nothing would reach): ${round(median(perRound(r.noop, r.authjs)), 3)}`;
  throughput.push(...gateRows(GATE_PAGE, gate));
  targets.push(
    {
      ...ratioTarget('gate-vs-authjs', `gate: app / Auth.js default gate (${GATE_PAGE})`, perRound(gate.app, gate.authjs), { atLeast: 1.5 }),
      detail: ceiling(gate),
    },
    ratioTarget('gate-vs-noop', `gate: app / no-op middleware (${GATE_PAGE})`, perRound(gate.app, gate.noop), { atLeast: 0.85 }),
  );
  const gateDashboard = QUICK ? { app: [], authjs: [], noop: [] } : await alternate(gateScenarios('/dashboard'), 'gate /dashboard');
  if (QUICK) {
    targets.push(notMeasured('gate-dashboard-vs-authjs', 'gate on /dashboard: app / Auth.js default gate', 'full mode only'));
  } else {
    throughput.push(...gateRows('/dashboard', gateDashboard));
    targets.push(
      reportOnly(ratioTarget('gate-dashboard-vs-authjs', 'gate on /dashboard: app / Auth.js default gate', perRound(gateDashboard.app, gateDashboard.authjs), { atLeast: 1.5 }),
        ceiling(gateDashboard)),
      reportOnly(ratioTarget('gate-dashboard-vs-noop', 'gate on /dashboard: app / no-op middleware', perRound(gateDashboard.app, gateDashboard.noop), { atLeast: 0.85 })),
    );
  }
  // Every steady-state protected response the app's gate served, on both pages.
  const appCookies = summarise('', '', [...gate.app, ...gateDashboard.app]);
  const authjsCookies = summarise('', '', [...gate.authjs, ...gateDashboard.authjs]);
  targets.push(
    exactTarget('set-cookie', "Set-Cookie share, steady-state protected responses (app's gate)", `${round(appCookies.cookieShare * 100, 2)} %`, appCookies.cookieShare <= 0.01, '<= 1 %',
      `${appCookies.responses} responses; Auth.js default gate: ${round(authjsCookies.cookieShare * 100, 1)} %`),
  );

  // Counts, while the servers are idle.
  log('counting database and KV work per request …');
  const counts = await countsPhase({ app, lab, cookies, adminCookie });
  targets.splice(countsAt, 0, ...counts.targets);

  // Server side: the dashboard with its session read vs the same render with no auth, both behind the no-op middleware.
  const server = await alternate(
    [
      { key: 'dashboard', pid: lab.pid, url: `${lab.url}/dashboard`, headers: { cookie: cookies.lab } },
      { key: 'twin', pid: lab.pid, url: `${lab.url}/dashboard`, headers: { 'x-bench-twin': '1' } },
    ],
    'server side',
  );
  throughput.push(summarise('/dashboard (no-op gate)', 'session + KV marker', server.dashboard), summarise('/dashboard (no-op gate)', 'public twin (no auth)', server.twin));
  targets.push(ratioTarget('server-vs-twin', 'server side: dashboard / public twin', perRound(server.dashboard, server.twin), { atLeast: 0.9 }));

  // API: JWT session + KV marker vs a database session lookup, then with 2 ms on every DB and KV call.
  const api = await alternate(
    [
      { key: 'jwt', pid: lab.pid, url: `${lab.url}/api/user`, headers: { cookie: cookies.lab } },
      { key: 'db', pid: lab.pid, url: `${lab.url}/api/bench/db-session`, headers: { cookie: dbCookie } },
    ],
    'api',
  );
  throughput.push(summarise('GET /api/user', 'JWT + KV marker (app)', api.jwt), summarise('GET /api/user', 'database session', api.db));
  targets.push(ratioTarget('api-vs-dbsession', 'API: /api/user / database-session baseline', perRound(api.jwt, api.db), { atLeast: 1.0 }));

  if (QUICK) {
    targets.push(notMeasured('api-vs-dbsession-latency', `API with +${LATENCY_MS} ms per DB/KV call (reported)`, 'full mode only'));
  } else {
    const slowCookie = await signIn(slow.url, DEMO_USER.email, DEMO_USER.password);
    const slowDbRes = await fetch(`${slow.url}/api/bench/db-session`, { method: 'POST', headers: { cookie: slowCookie } });
    const slowDbCookie = (await slowDbRes.json()).cookie;
    // Proof that the latency is injected: sequential request latency with and without it.
    const probe = async (url, cookie) => {
      const ms = [];
      for (let i = 0; i < 15; i++) {
        const t = process.hrtime.bigint();
        await (await fetch(url, { headers: { cookie } })).text();
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      return median(ms);
    };
    const probeFast = await probe(`${lab.url}/api/user`, cookies.lab);
    const probeSlow = await probe(`${slow.url}/api/user`, slowCookie);
    const apiSlow = await alternate(
      [
        { key: 'jwt', pid: slow.pid, url: `${slow.url}/api/user`, headers: { cookie: slowCookie } },
        { key: 'db', pid: slow.pid, url: `${slow.url}/api/bench/db-session`, headers: { cookie: slowDbCookie } },
      ],
      `api +${LATENCY_MS} ms`,
    );
    throughput.push(summarise(`GET /api/user +${LATENCY_MS} ms I/O`, 'JWT + KV marker (app)', apiSlow.jwt), summarise(`GET /api/user +${LATENCY_MS} ms I/O`, 'database session', apiSlow.db));
    targets.push(
      reportOnly(ratioTarget('api-vs-dbsession-latency', `API with +${LATENCY_MS} ms per DB/KV call (reported)`, perRound(apiSlow.jwt, apiSlow.db, 'rps'), { atLeast: 1.0 }),
        `one sequential /api/user: ${round(probeFast, 1)} ms without, ${round(probeSlow, 1)} ms with the injected latency`),
    );
    await slow.stop();
  }

  // Memory: RSS after warm-up vs after N more requests, on the app as shipped (full mode only: a
  // short run does not reach steady state).
  if (QUICK) {
    targets.push(notMeasured('memory', `memory: RSS after ${SETTINGS.memoryRequests} requests / after warm-up`, 'full mode only'));
  } else {
    // Half the requests render the dashboard, half are API calls (/api/user), in alternating
    // blocks: the two paths a signed-in user and an API client take.
    const mix = [`${app.url}/dashboard`, `${app.url}/api/user`];
    const BLOCKS = 4;
    const runMix = async (total) => {
      let failed = 0;
      for (let i = 0; i < BLOCKS; i++) {
        for (const url of mix) {
          const r = await load(url, { amount: total / mix.length / BLOCKS, headers: { cookie: cookies.app } });
          failed += r.non2xx + r.errors;
        }
      }
      return failed;
    };
    log(`memory: ${SETTINGS.memoryWarmup} warm-up requests, then ${SETTINGS.memoryRequests} (half /dashboard, half /api/user) …`);
    await runMix(SETTINGS.memoryWarmup);
    const rssWarm = treeRss(app.pid);
    const failed = await runMix(SETTINGS.memoryRequests);
    const rssAfter = treeRss(app.pid);
    targets.push(
      exactTarget('memory', `memory: RSS after ${SETTINGS.memoryRequests} requests / after warm-up`, round(rssAfter / rssWarm, 3), rssAfter <= rssWarm * 1.15, '<= 1.15',
        `${round(rssWarm / 2 ** 20)} MiB → ${round(rssAfter / 2 ** 20)} MiB; half /dashboard, half /api/user; ${failed} non-2xx`),
    );
  }
  await stopAll();

  // Scale: only once the admin users page exists.
  targets.push(...(await scalePhase({ builds, start, secret: SECRET, admin: DEMO_ADMIN, log, quick: QUICK, stopAll })));
  await stopAll();

  const seconds = round((Date.now() - started) / 1000, 0);
  console.log(`\nThroughput (${SETTINGS.rounds} rounds alternated, ${SETTINGS.measure} s each, 8 connections; median and min–max;`);
  console.log('verdicts use req per server CPU-second, except the injected-latency row which uses wall-clock req/s)\n');
  console.log(throughputTable(throughput));
  console.log('\nTargets\n');
  console.log(targetTable(targets));
  for (const t of targets.filter((t) => t.detail)) console.log(`  · ${t.label}: ${t.detail}`);
  const missed = targets.filter((t) => t.verdict === 'missed');
  console.log(`\n${missed.length ? `MISSED: ${missed.map((t) => t.id).join(', ')}` : 'all measured targets hold (or are within the measured spread)'}; ${seconds} s`);

  const results = {
    date: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    node: process.version,
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    taskset: HAS_TASKSET,
    settings: SETTINGS,
    variants: Object.fromEntries(Object.entries(VARIANTS).map(([k, v]) => [k, { label: v.label, built: builds[k].built, middlewareGzip: size[k].gzip, middlewareRaw: size[k].raw }])),
    throughput: throughput.map((t) => ({ ...t, median: round(t.median, 1), min: round(t.min, 1), max: round(t.max, 1), cpuMedian: round(t.cpuMedian, 1), cpuMin: round(t.cpuMin, 1), cpuMax: round(t.cpuMax, 1) })),
    counts: counts.detail,
    targets,
    seconds,
  };
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench/results.json');
  return missed.length ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch(async (err) => {
    console.error(err);
    for (const s of servers) console.error(`--- ${s.name} output ---\n${s.output().slice(-3000)}`);
    await stopAll();
    process.exit(2);
  });
