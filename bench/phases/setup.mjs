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

export async function setupPhase({ builds, start, users, log }) {
  // BENCH_LATENCY=1: injected KV/database latency, 0 ms until a phase switches it (api, latency).
  log('starting servers (app, authjs, lab) …');
  const env = { BENCH_LATENCY: '1' };
  const [app, authjs, lab] = await Promise.all([start(builds.app.dir, 'app', env), start(builds.authjs.dir, 'authjs', env), start(builds.lab.dir, 'lab', env)]);
  log('servers ready; signing in …');
  // A personal access token of the user (issue 24), made first: creating one is an authorization
  // change of the user, so every cookie signed in before it would be stale (one database read each).
  const tokenCookie = await signIn(lab.url, users.user.email, users.user.password);
  const created = await fetch(`${lab.url}/api/user/tokens`, {
    method: 'POST',
    headers: { cookie: tokenCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', scope: 'write', expiresInDays: 7 }),
  });
  if (created.status !== 201) throw new Error(`POST /api/user/tokens: ${created.status} ${await created.text()}`);
  const patToken = (await created.json()).token;
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
  // The twin and the database session stand in on the app's own pages and routes too (lab overlay).
  const userId = userJson.id;
  await expectPage(`${lab.url}/products`, '', '</html>', { 'x-bench-twin': userId });
  await expectPage(`${lab.url}/dashboard`, dbCookie, 'Welcome,');
  await expectPage(`${lab.url}/api/products`, dbCookie, '"items"');
  const viaToken = await fetch(`${lab.url}/api/user`, { headers: { authorization: `Bearer ${patToken}` } }).then((r) => r.json());
  if (JSON.stringify(viaToken) !== JSON.stringify(userJson)) throw new Error(`the token answers differently: ${JSON.stringify(viaToken)}`);
  return { context: { app, authjs, lab, cookies, adminCookie, dbCookie, userId, patToken } };
}
