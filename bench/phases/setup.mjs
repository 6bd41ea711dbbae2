// Starts the servers, signs in on each and checks that every variant answers as it should
// before anything is measured: the gate page with a session, a redirect without one, the public
// twin, and the database-session baseline giving the same answer as the app's /api/user.
import { GATE_PAGE } from '../lib/variants.mjs';
import { signIn } from '../lib/server.mjs';

async function expectPage(url, cookie, needle, headers = {}) {
  const res = await fetch(url, { headers: { cookie, ...headers }, redirect: 'manual' });
  const text = await res.text();
  if (res.status !== 200 || !text.includes(needle)) throw new Error(`${url}: expected 200 containing "${needle}", got ${res.status}`);
}

export async function setupPhase({ builds, start, quick, latencyMs, users, log }) {
  // Quick mode leaves out the injected-latency API run, and with it the fourth server.
  log(`starting servers (app, authjs, lab${quick ? '' : `, lab with ${latencyMs} ms I/O latency`}) …`);
  const [app, authjs, lab, slow] = await Promise.all([
    start(builds.app.dir, 'app'),
    start(builds.authjs.dir, 'authjs'),
    start(builds.lab.dir, 'lab'),
    quick ? null : start(builds.lab.dir, 'lab-latency', { BENCH_IO_LATENCY_MS: String(latencyMs) }),
  ]);
  log('servers ready; signing in …');
  const cookies = {};
  for (const s of [app, authjs, lab]) cookies[s.name] = await signIn(s.url, users.user.email, users.user.password);
  const adminCookie = await signIn(lab.url, users.admin.email, users.admin.password);
  for (const s of [app, authjs, lab]) {
    await expectPage(`${s.url}/dashboard`, cookies[s.name], 'Welcome,');
    await expectPage(`${s.url}${GATE_PAGE}`, cookies[s.name], `Signed in as ${users.user.email}`);
    const anonymous = await fetch(`${s.url}${GATE_PAGE}`, { redirect: 'manual' });
    if (anonymous.status !== 307 || !anonymous.headers.get('location')?.includes('/login')) throw new Error(`${s.name}: ${GATE_PAGE} without a session answered ${anonymous.status}, not a redirect to /login`);
  }
  await expectPage(`${lab.url}/dashboard`, '', users.user.email, { 'x-bench-twin': '1' });
  const dbCookieRes = await fetch(`${lab.url}/api/bench/db-session`, { method: 'POST', headers: { cookie: cookies.lab } });
  if (dbCookieRes.status !== 200) throw new Error(`db-session setup: ${dbCookieRes.status} ${await dbCookieRes.text()}`);
  const dbCookie = (await dbCookieRes.json()).cookie;
  const [userJson, dbJson] = await Promise.all([
    fetch(`${lab.url}/api/user`, { headers: { cookie: cookies.lab } }).then((r) => r.json()),
    fetch(`${lab.url}/api/bench/db-session`, { headers: { cookie: dbCookie } }).then((r) => r.json()),
  ]);
  if (JSON.stringify(userJson) !== JSON.stringify(dbJson)) throw new Error(`baseline answers differently: ${JSON.stringify(userJson)} vs ${JSON.stringify(dbJson)}`);
  return { context: { app, authjs, lab, slow, cookies, adminCookie, dbCookie } };
}
