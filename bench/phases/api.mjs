// API: GET /api/user on the JWT session + KV marker vs the database-session baseline; in full mode
// again with `latencyMs` added to every DB and KV call of the lab server (reported, wall-clock).
import { alternate, perRound, reportOnly, summarise } from '../lib/measure.mjs';
import { median, notMeasured, ratioTarget, round } from '../lib/report.mjs';
import { setLatency } from '../lib/ttfb.mjs';

const scenarios = (server, cookie, dbCookie) => [
  { key: 'jwt', pid: server.pid, url: `${server.url}/api/user`, headers: { cookie } },
  { key: 'db', pid: server.pid, url: `${server.url}/api/bench/db-session`, headers: { cookie: dbCookie } },
];

/** Median latency of sequential requests: proof that the latency is injected. */
async function probe(url, cookie) {
  const ms = [];
  for (let i = 0; i < 15; i++) {
    const t = process.hrtime.bigint();
    await (await fetch(url, { headers: { cookie } })).text();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

export async function apiPhase(ctx) {
  const { lab, cookies, dbCookie, quick, latencyMs, patToken } = ctx;
  const token = { key: 'token', pid: lab.pid, url: `${lab.url}/api/user`, headers: { authorization: `Bearer ${patToken}` } };
  const api = await alternate(ctx, [...scenarios(lab, cookies.lab, dbCookie), token], 'api');
  const rows = [
    summarise('GET /api/user', 'JWT + KV marker (app)', api.jwt),
    summarise('GET /api/user', 'database session', api.db),
    summarise('GET /api/user', 'personal access token (Bearer)', api.token),
  ];
  const targets = [
    ratioTarget('api-vs-dbsession', 'API: /api/user / database-session baseline', perRound(api.jwt, api.db), { atLeast: 1.0 }),
    ratioTarget('api-token-vs-cookie', 'API: /api/user with a personal access token / with the session cookie', perRound(api.token, api.jwt), { atLeast: 0.95 }),
  ];

  const latencyLabel = `API with +${latencyMs} ms per DB/KV call (reported)`;
  if (quick) return { rows, targets: [...targets, notMeasured('api-vs-dbsession-latency', latencyLabel, 'full mode only')] };

  const probeFast = await probe(`${lab.url}/api/user`, cookies.lab);
  await setLatency(lab, { kvMs: latencyMs, dbMs: latencyMs });
  const probeSlow = await probe(`${lab.url}/api/user`, cookies.lab);
  const apiSlow = await alternate(ctx, scenarios(lab, cookies.lab, dbCookie), `api +${latencyMs} ms`);
  await setLatency(lab, { kvMs: 0, dbMs: 0 });
  const scenario = `GET /api/user +${latencyMs} ms I/O`;
  rows.push(summarise(scenario, 'JWT + KV marker (app)', apiSlow.jwt), summarise(scenario, 'database session', apiSlow.db));
  targets.push(
    reportOnly(ratioTarget('api-vs-dbsession-latency', latencyLabel, perRound(apiSlow.jwt, apiSlow.db, 'rps'), { atLeast: 1.0 }),
      `one sequential /api/user: ${round(probeFast, 1)} ms without, ${round(probeSlow, 1)} ms with the injected latency`),
  );
  return { rows, targets };
}
