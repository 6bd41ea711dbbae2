// Gate: the same protected page behind three middlewares (the app's, Auth.js's default, a no-op).
// Judged on the light protected page (root layout + requireAuth), where what differs is the
// middleware; /dashboard (dashboard layout + its product counts) is measured the same way in full
// mode and reported, with its ceiling: the no-op's own ratio to Auth.js there, what a gate costing
// nothing at all would reach. Then the Set-Cookie share of every steady-state protected response.
import { spawnSync } from 'node:child_process';
import { GATE_PAGE } from '../lib/variants.mjs';
import { HAS_TASKSET } from '../lib/server.mjs';
import { alternate, perRound, reportOnly, summarise, warmUp } from '../lib/measure.mjs';
import { exactTarget, median, notMeasured, ratioTarget, round } from '../lib/report.mjs';

const rowsOf = (pathname, r) => [summarise(pathname, "app's gate", r.app), summarise(pathname, 'Auth.js default gate', r.authjs), summarise(pathname, 'no-op gate', r.noop)];
const ceiling = (r) => `ceiling on this page (no-op / Auth.js, what a gate costing nothing would reach): ${round(median(perRound(r.noop, r.authjs)), 3)}`;

export async function gatePhase(ctx) {
  const { app, authjs, lab, cookies, quick, log } = ctx;
  const scenarios = (pathname) => [
    { key: 'app', pid: app.pid, url: `${app.url}${pathname}`, headers: { cookie: cookies.app } },
    { key: 'authjs', pid: authjs.pid, url: `${authjs.url}${pathname}`, headers: { cookie: cookies.authjs } },
    { key: 'noop', pid: lab.pid, url: `${lab.url}${pathname}`, headers: { cookie: cookies.lab } },
  ];
  // Quick mode warms each server up front on the gate page, by requests (a cold server costs about
  // the same whatever its middleware, so measuring must not start before the JIT has seen enough of
  // them, however slow the machine): the same number for each, side by side on both cores, before
  // pinning. Full mode gives every scenario `initialWarmup` seconds instead.
  if (quick) {
    log('warming up the servers …');
    await Promise.all(scenarios(GATE_PAGE).map((s) => warmUp(s, { requests: 600, maxSeconds: 9 })));
  }

  // From here on the servers are under load: all on core 1, the load generator on core 0 (not
  // before: the servers inherit the bench's affinity, and start-up and warm-up use every core).
  if (HAS_TASKSET) spawnSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  for (const s of [app, authjs, lab]) s.pin(1);

  const page = await alternate(ctx, scenarios(GATE_PAGE), `gate ${GATE_PAGE}`, { initialWarmup: !quick });
  const rows = rowsOf(GATE_PAGE, page);
  const targets = [
    { ...ratioTarget('gate-vs-authjs', `gate: app / Auth.js default gate (${GATE_PAGE})`, perRound(page.app, page.authjs), { atLeast: 1.5 }), detail: ceiling(page) },
    ratioTarget('gate-vs-noop', `gate: app / no-op middleware (${GATE_PAGE})`, perRound(page.app, page.noop), { atLeast: 0.85 }),
  ];
  const dashboard = quick ? { app: [], authjs: [], noop: [] } : await alternate(ctx, scenarios('/dashboard'), 'gate /dashboard');
  if (quick) {
    targets.push(notMeasured('gate-dashboard-vs-authjs', 'gate on /dashboard: app / Auth.js default gate', 'full mode only'));
  } else {
    rows.push(...rowsOf('/dashboard', dashboard));
    targets.push(
      reportOnly(ratioTarget('gate-dashboard-vs-authjs', 'gate on /dashboard: app / Auth.js default gate', perRound(dashboard.app, dashboard.authjs), { atLeast: 1.5 }), ceiling(dashboard)),
      reportOnly(ratioTarget('gate-dashboard-vs-noop', 'gate on /dashboard: app / no-op middleware', perRound(dashboard.app, dashboard.noop), { atLeast: 0.85 })),
    );
  }

  // Every steady-state protected response the app's gate served, on both pages.
  const appCookies = summarise('', '', [...page.app, ...dashboard.app]);
  const authjsCookies = summarise('', '', [...page.authjs, ...dashboard.authjs]);
  targets.push(
    exactTarget('set-cookie', "Set-Cookie share, steady-state protected responses (app's gate)", `${round(appCookies.cookieShare * 100, 2)} %`, appCookies.cookieShare <= 0.01, '<= 1 %',
      `${appCookies.responses} responses; Auth.js default gate: ${round(authjsCookies.cookieShare * 100, 1)} %`),
  );
  return { rows, targets };
}
