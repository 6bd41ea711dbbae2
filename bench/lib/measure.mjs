// What the timed phases share: alternated load slots, warm-up by requests, and the rows and
// ratios made from them.
import { load } from './load.mjs';
import { median, round } from './report.mjs';

/** Load until the scenario has served `requests` or `maxSeconds` have passed. */
export async function warmUp(s, { requests, maxSeconds }) {
  const started = Date.now();
  let served = 0;
  while (served < requests && Date.now() - started < maxSeconds * 1000) served += (await load(s.url, { duration: 1, headers: s.headers })).ok;
}

/**
 * A B C, C B A, … each slot after its own short warm-up; returns the load results per scenario
 * key, per round. `initialWarmup: false` when the scenarios were warmed up beforehand.
 */
export async function alternate({ settings, log }, scenarios, label, { initialWarmup = true } = {}) {
  const results = Object.fromEntries(scenarios.map((s) => [s.key, []]));
  if (initialWarmup) for (const s of scenarios) await load(s.url, { duration: settings.initialWarmup, headers: s.headers });
  for (let r = 0; r < settings.rounds; r++) {
    const order = r % 2 ? [...scenarios].reverse() : scenarios;
    for (const s of order) {
      await load(s.url, { duration: settings.warmup, headers: s.headers });
      results[s.key].push(await load(s.url, { duration: settings.measure, headers: s.headers, pid: s.pid }));
    }
    log(`${label}: round ${r + 1}/${settings.rounds} ${scenarios.map((s) => `${s.key} ${round(results[s.key][r].rps, 0)} req/s (${round(results[s.key][r].perCpuSecond, 0)}/CPU-s)`).join(', ')}`);
  }
  return results;
}

/** One throughput row (the printed table and results.json) from a scenario's rounds. */
export function summarise(scenario, variant, runs) {
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

// CPU-bound scenarios are judged on requests per server CPU-second: on a shared machine wall-clock
// throughput moves with whatever else runs, the CPU cost of a request much less.
export const perRound = (a, b, metric = 'perCpuSecond') => a.map((x, i) => x[metric] / b[i][metric]);

/** A measured row that is printed but never fails the run. */
export function reportOnly(target, detail) {
  return { ...target, verdict: target.verdict === 'holds' ? 'holds' : `${target.verdict} (report only)`, ...(detail ? { detail } : {}) };
}
