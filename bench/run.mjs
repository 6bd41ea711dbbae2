#!/usr/bin/env node
// `npm run bench [-- --quick]`: side-by-side ratios of the app's auth path against its anchors
// (Auth.js's default gate, a no-op gate, the public twin, database sessions), counted database
// and KV work, the gate's bundle size, memory and scale. Method: shared/docs/benchmarks.md.
// Prints a table, writes bench/results.json and its charts (bench/results-*.svg), exits 1 when a target misses beyond its spread.
// Each phase (bench/phases/) takes the context and returns { rows, targets, context, detail }:
// `context` is merged in for the phases after it.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, VARIANTS } from './lib/variants.mjs';
import { HAS_TASKSET, startServer } from './lib/server.mjs';
import { latencyTable, round, targetTable, throughputTable } from './lib/report.mjs';
import { writeCharts } from './lib/chart-files.mjs';
import { buildPhase } from './phases/build.mjs';
import { sizePhase } from './phases/size.mjs';
import { setupPhase } from './phases/setup.mjs';
import { gatePhase } from './phases/gate.mjs';
import { countsPhase } from './phases/counts.mjs';
import { serverSidePhase } from './phases/server-side.mjs';
import { apiPhase } from './phases/api.mjs';
import { telemetryPhase } from './phases/telemetry.mjs';
import { memoryPhase } from './phases/memory.mjs';
import { scalePhase } from './phases/scale.mjs';
import { latencyPhase } from './phases/latency.mjs';
import { coldStartPhase } from './phases/cold-start.mjs';
import { deployPhase } from './phases/deploy.mjs';

const QUICK = process.argv.includes('--quick');
// Next's server keeps getting faster for its first thousands of requests (JIT): every scenario
// gets `initialWarmup` seconds of load before its first measured slot (in quick mode the gate page
// is warmed up by requests instead, see phases/gate.mjs), and `warmup` seconds before each slot
// (seconds, not requests, so the run's length does not grow on a slower machine). Many short
// alternated slots rather than a few long ones: the machine's speed drifts, and a ratio is taken
// between neighbouring slots.
const SETTINGS = QUICK
  ? { rounds: 4, warmup: 0.25, measure: 1.2, initialWarmup: 1, memoryRequests: 20_000 }
  : { rounds: 8, warmup: 0.5, measure: 2, initialWarmup: 5, memoryRequests: 20_000, memoryWarmup: 2_000 };

// In the order they run. Counts come after the gate: before it, every server has served the same
// few requests, so none enters the gate comparison with a different history.
// The cold start and the Vercel build come last: they need the machine to themselves.
const PHASES = {
  build: buildPhase, size: sizePhase, setup: setupPhase, gate: gatePhase, counts: countsPhase, serverSide: serverSidePhase, api: apiPhase, telemetry: telemetryPhase,
  latency: latencyPhase, memory: memoryPhase, scale: scalePhase, coldStart: coldStartPhase, deploy: deployPhase,
};
// In the order the table lists their targets.
const TABLE = ['size', 'deploy', 'counts', 'gate', 'serverSide', 'api', 'telemetry', 'latency', 'coldStart', 'memory', 'scale'];

const started = Date.now();
const log = (msg) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

const servers = [];
async function stopAll() {
  for (const s of servers.splice(0)) {
    await s.stop();
    s.removeData();
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stopAll().finally(() => process.exit(130)));

const secret = 'bench-auth-secret-0123456789abcdef0123456789abcdef';
const ctx = {
  quick: QUICK,
  settings: SETTINGS,
  secret,
  users: { user: { email: 'user@example.com', password: 'user-password-1' }, admin: { email: 'admin@example.com', password: 'admin-password-1' } },
  latencyMs: 2,
  log,
  stopAll,
  async start(dir, name, env = {}, ready = undefined) {
    const s = await startServer(dir, { secret, env, name, ready });
    servers.push(s);
    return s;
  },
};

function report(out) {
  const targets = TABLE.flatMap((name) => out[name].targets ?? []);
  const throughput = Object.values(out).flatMap((r) => r.rows ?? []);
  const seconds = round((Date.now() - started) / 1000, 0);
  console.log(`\nThroughput (${SETTINGS.rounds} rounds alternated, ${SETTINGS.measure} s each, 8 connections; median and min–max;`);
  console.log('verdicts use req per server CPU-second, except the injected-latency row which uses wall-clock req/s)\n');
  console.log(throughputTable(throughput));
  console.log('\nLatency: time to first byte of sequential requests with injected latency per KV call / DB statement,');
  console.log('variants alternated round by round; round trips waited for in series, counted by the server\n');
  console.log(latencyTable(out.latency.detail));
  console.log('\nTargets\n');
  console.log(targetTable(targets));
  for (const t of targets.filter((t) => t.detail)) console.log(`  · ${t.label}: ${t.detail}`);
  const missed = targets.filter((t) => t.verdict === 'missed');
  console.log(`\n${missed.length ? `MISSED: ${missed.map((t) => t.id).join(', ')}` : 'all measured targets hold (or are within the measured spread)'}; ${seconds} s`);

  const size = out.size.detail;
  const results = {
    date: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    node: process.version,
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    taskset: HAS_TASKSET,
    settings: SETTINGS,
    variants: Object.fromEntries(Object.entries(VARIANTS).map(([k, v]) => [k, { label: v.label, built: ctx.builds[k].built, middlewareGzip: size[k].gzip, middlewareRaw: size[k].raw }])),
    throughput: throughput.map((t) => ({ ...t, median: round(t.median, 1), min: round(t.min, 1), max: round(t.max, 1), cpuMedian: round(t.cpuMedian, 1), cpuMin: round(t.cpuMin, 1), cpuMax: round(t.cpuMax, 1) })),
    counts: out.counts.detail,
    latency: out.latency.detail,
    coldStart: out.coldStart.detail ?? null,
    vercel: out.deploy.detail ?? null,
    targets,
    seconds,
  };
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench/results.json');
  for (const file of writeCharts(results, path.join(ROOT, 'bench'))) console.log(`wrote ${path.relative(ROOT, file)}`);
  return missed.length ? 1 : 0;
}

async function main() {
  log(`mode ${QUICK ? 'quick' : 'full'}; node ${process.version}; ${os.cpus().length} cores; taskset ${HAS_TASKSET ? 'yes' : 'no'}`);
  const out = {};
  for (const [name, phase] of Object.entries(PHASES)) {
    out[name] = (await phase(ctx)) ?? {};
    Object.assign(ctx, out[name].context);
  }
  await stopAll();
  return report(out);
}

main()
  .then((code) => process.exit(code))
  .catch(async (err) => {
    console.error(err);
    for (const s of servers) console.error(`--- ${s.name} output ---\n${s.output().slice(-3000)}`);
    await stopAll();
    process.exit(2);
  });
