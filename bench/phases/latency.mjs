// Latency: what a user waits for when KV and the database are a network hop away. Every server
// gets the same injected latency per KV call and per database statement (switched at run time,
// bench/overlays/instrumentation.ts), "in-region" and "cross-region"; each variant × path is
// timed to the first byte over sequential requests, variants alternated round by round, and the
// round trips each request waited for in series are counted by the server itself
// (/api/internal/counters?since=). Quick mode: cross-region only, without /products.
import { counted } from '../lib/server.mjs';
import { exactTarget, median, ratioTarget, round } from '../lib/report.mjs';
import { reportOnly } from '../lib/measure.mjs';
import { percentile, setLatency, ttfb } from '../lib/ttfb.mjs';

export const LATENCY_SETTINGS = [
  { key: 'in-region', kvMs: 2, dbMs: 5 },
  { key: 'cross-region', kvMs: 15, dbMs: 40 },
];
const PATHS = ['/dashboard', '/products', '/api/user', '/api/products'];
const QUICK_PATHS = ['/dashboard', '/api/user', '/api/products'];
/** "Protected costs no more than its public twin": within this share of one KV round trip. */
const KV_SHARE = 0.3;

function variants({ app, authjs, lab, cookies, dbCookie, userId, patToken }) {
  return [
    { key: 'app', label: "app's gate", server: app, headers: { cookie: cookies.app } },
    { key: 'authjs', label: 'Auth.js default gate', server: authjs, headers: { cookie: cookies.authjs } },
    { key: 'session', label: 'JWT + KV, no-op gate', server: lab, headers: { cookie: cookies.lab } },
    { key: 'twin', label: 'public twin (no auth)', server: lab, headers: { 'x-bench-twin': userId } },
    { key: 'dbsession', label: 'database session', server: lab, headers: { cookie: dbCookie } },
    // Route handlers only: pages never accept a token.
    { key: 'token', label: 'personal access token', server: lab, headers: { authorization: `Bearer ${patToken}` }, apiOnly: true },
  ];
}

const serves = (v, path) => !v.apiOnly || path.startsWith('/api/');

async function timeSetting(ctx, setting, paths, { rounds, requests }) {
  const all = variants(ctx);
  for (const server of [ctx.app, ctx.authjs, ctx.lab]) await setLatency(server, setting);
  const samples = {};
  const perRound = {};
  const key = (path, v) => `${path} ${v.key}`;
  // Warm-up: fills the KV markers the in-memory store lost with the switch, and the JIT.
  for (const path of paths) for (const v of all.filter((x) => serves(x, path))) for (let i = 0; i < 3; i++) await ttfb(`${v.server.url}${path}`, v.headers);
  for (let r = 0; r < rounds; r++) {
    for (const path of paths) {
      const order = (r % 2 ? [...all].reverse() : all).filter((v) => serves(v, path));
      for (const v of order) {
        const ms = [];
        for (let i = 0; i < requests; i++) {
          const res = await ttfb(`${v.server.url}${path}`, v.headers);
          if (res.status !== 200) throw new Error(`${setting.key} ${v.key} ${path}: status ${res.status}`);
          ms.push(res.ms);
        }
        (samples[key(path, v)] ??= []).push(...ms);
        (perRound[key(path, v)] ??= []).push(median(ms));
      }
    }
    ctx.log(`latency ${setting.key}: round ${r + 1}/${rounds}`);
  }
  const rows = [];
  for (const path of paths) {
    for (const v of all.filter((x) => serves(x, path))) {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await counted(v.server.url, path, { headers: v.headers }));
      const max = (k) => Math.max(...runs.map((x) => x.diff[k]));
      const s = samples[key(path, v)];
      rows.push({ setting: setting.key, kvMs: setting.kvMs, dbMs: setting.dbMs, path, variant: v.key, label: v.label, p50: percentile(s, 50), p99: percentile(s, 99), roundTrips: max('roundTrips'), dbQueries: max('dbQueries'), kvReads: max('kvReads'), rounds: perRound[key(path, v)] });
    }
  }
  for (const server of [ctx.app, ctx.authjs, ctx.lab]) await setLatency(server, { kvMs: 0, dbMs: 0 });
  return rows;
}

const find = (rows, setting, path, variant) => rows.find((r) => r.setting === setting && r.path === path && r.variant === variant);
/** Per round: the variant's median TTFB minus the twin's (same server, neighbouring slots). */
const overTwin = (rows, setting, path, variant) => {
  const a = find(rows, setting, path, variant).rounds;
  const twin = find(rows, setting, path, 'twin').rounds;
  return a.map((x, i) => x - twin[i]);
};

export async function latencyPhase(ctx) {
  const { quick, log } = ctx;
  const settings = quick ? LATENCY_SETTINGS.filter((s) => s.key === 'cross-region') : LATENCY_SETTINGS;
  const paths = quick ? QUICK_PATHS : PATHS;
  const plan = quick ? { rounds: 3, requests: 6 } : { rounds: 4, requests: 10 };
  log(`latency: ${settings.map((s) => `${s.key} (KV ${s.kvMs} ms, DB ${s.dbMs} ms)`).join(', ')}; ${paths.join(', ')} …`);
  const rows = [];
  for (const setting of settings) rows.push(...(await timeSetting(ctx, setting, paths, plan)));

  const targets = [];
  for (const setting of settings) {
    const cross = setting.key === 'cross-region';
    const budget = round(KV_SHARE * setting.kvMs, 2);
    for (const path of ['/dashboard', '/api/products']) {
      const t = ratioTarget(`latency-${setting.key}-${path.replaceAll('/', '-').slice(1)}`, `${setting.key} TTFB: ${path} protected − public twin, ms`, overTwin(rows, setting.key, path, 'session'), { atMost: budget });
      t.detail = `${KV_SHARE} × KV RTT ${setting.kvMs} ms; in series it would be +${setting.kvMs} ms; app's gate − twin: ${round(median(overTwin(rows, setting.key, path, 'app')), 1)} ms`;
      targets.push(cross ? t : reportOnly(t));
    }
    const db = ratioTarget(`latency-${setting.key}-dbsession`, `${setting.key} TTFB: /api/user database session − public twin, ms`, overTwin(rows, setting.key, '/api/user', 'dbsession'), { atLeast: round(0.5 * setting.dbMs, 1) });
    db.detail = `its extra round trip: one DB RTT is ${setting.dbMs} ms`;
    targets.push(cross ? db : reportOnly(db));
    // The token path: its handler's own read waits for the token check (an unproven user id starts
    // no database work), so it is reported beside the cookie's, not judged.
    const tok = ratioTarget(`latency-${setting.key}-token`, `${setting.key} TTFB: /api/user with a personal access token − with the cookie, ms`,
      find(rows, setting.key, '/api/user', 'token').rounds.map((x, i) => x - find(rows, setting.key, '/api/user', 'session').rounds[i]), { atMost: setting.dbMs + setting.kvMs });
    tok.detail = `a token adds at most its check's KV round trip (${setting.kvMs} ms) before the handler's DB read; one DB RTT is ${setting.dbMs} ms`;
    targets.push(reportOnly(tok));
  }
  // Counted: at steady state a protected request waits for as many round trips as its twin.
  const counts = [];
  let ok = true;
  for (const setting of settings) {
    for (const path of paths) {
      const n = (v) => find(rows, setting.key, path, v).roundTrips;
      counts.push(`${setting.key} ${path}: ${['app', 'authjs', 'session', 'twin', 'dbsession'].map(n).join('/')}`);
      ok &&= ['app', 'authjs', 'session'].every((v) => n(v) === n('twin')) && n('twin') === 1 && n('dbsession') === 2;
    }
  }
  targets.push(exactTarget('latency-round-trips', 'round trips in series: protected = public twin = 1, database session 2', ok ? 'yes' : 'no', ok, 'yes',
    `app/Auth.js gate/no-op gate/twin/database session: ${counts.join('; ')}`));
  return { targets, detail: rows.map(({ rounds, ...r }) => ({ ...r, p50: round(r.p50, 1), p99: round(r.p99, 1), rounds: rounds.map((v) => round(v, 1)) })) };
}
