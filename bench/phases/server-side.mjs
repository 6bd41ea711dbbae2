// Server side: the dashboard with its session read vs the same render with no auth (the public
// twin), both behind the no-op middleware.
import { alternate, perRound, summarise } from '../lib/measure.mjs';
import { ratioTarget } from '../lib/report.mjs';

export async function serverSidePhase(ctx) {
  const { lab, cookies } = ctx;
  const r = await alternate(
    ctx,
    [
      { key: 'dashboard', pid: lab.pid, url: `${lab.url}/dashboard`, headers: { cookie: cookies.lab } },
      { key: 'twin', pid: lab.pid, url: `${lab.url}/dashboard`, headers: { 'x-bench-twin': '1' } },
    ],
    'server side',
  );
  return {
    rows: [summarise('/dashboard (no-op gate)', 'session + KV marker', r.dashboard), summarise('/dashboard (no-op gate)', 'public twin (no auth)', r.twin)],
    targets: [ratioTarget('server-vs-twin', 'server side: dashboard / public twin', perRound(r.dashboard, r.twin), { atLeast: 0.9 })],
  };
}
