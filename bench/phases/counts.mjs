// Counted, not guessed: database queries, KV reads and session decrypts per request, read from
// /api/internal/counters around single requests on an otherwise idle server. Runs after the gate
// phase (see run.mjs), its targets are listed before it.
import { generate } from 'otplib';
import { counted, signIn } from '../lib/server.mjs';
import { exactTarget } from '../lib/report.mjs';

async function steady(server, pathname, cookie, n) {
  for (let i = 0; i < 2; i++) await counted(server.url, pathname, { cookie });
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await counted(server.url, pathname, { cookie }));
  const bad = runs.find((r) => r.status !== 200);
  if (bad) throw new Error(`${pathname}: status ${bad.status}`);
  const max = (k) => Math.max(...runs.map((r) => r.diff[k]));
  return { dbQueries: max('dbQueries'), kvReads: max('kvReads'), kvWrites: max('kvWrites'), tokenDecrypts: max('tokenDecrypts'), setCookie: runs.filter((r) => r.setCookie.length).length };
}

const sessionCookieOf = (setCookie) => setCookie.find((c) => /^(__Host-|__Secure-)?authjs\.session-token=/.test(c));

export async function countsPhase({ app, lab, cookies, adminCookie, patToken, log }) {
  log('counting database and KV work per request …');
  const targets = [];
  const detail = {};

  // The auth path's own cost: a protected page behind the real dashboard layout that reads only the
  // session. /dashboard itself adds its product counts (page data, one query), reported beside it.
  detail.protectedPage = await steady(lab, '/dashboard/bench-auth', cookies.lab, 10);
  detail.dashboard = await steady(app, '/dashboard', cookies.app, 10);
  targets.push(
    exactTarget('counts-dashboard', 'counts: steady-state protected page (layout + requireAuth), DB / KV reads', `${detail.protectedPage.dbQueries} / ${detail.protectedPage.kvReads}`,
      detail.protectedPage.dbQueries === 0 && detail.protectedPage.kvReads <= 1, '0 / <= 1',
      `/dashboard with its product counts: ${detail.dashboard.dbQueries} DB / ${detail.dashboard.kvReads} KV`),
  );

  detail.requireAdmin = await steady(lab, '/bench-admin', adminCookie, 5);
  targets.push(
    exactTarget('counts-require-admin', 'counts: steady-state requireAdmin page, DB / KV reads', `${detail.requireAdmin.dbQueries} / ${detail.requireAdmin.kvReads}`,
      detail.requireAdmin.dbQueries === 0 && detail.requireAdmin.kvReads <= 1, '0 / <= 1'),
  );

  // bench-multi reads the session 10 times in one render (layout-free page: requireAuth,
  // getCurrentUser and 8 getSession calls in child components).
  detail.multiRead = await steady(lab, '/bench-multi', cookies.lab, 3);
  targets.push(
    exactTarget('decrypt-once', 'getSession x10 in one render: session decrypts', detail.multiRead.tokenDecrypts, detail.multiRead.tokenDecrypts <= 1, '<= 1'),
  );

  // A role change through the app's own admin API (PATCH /api/admin/users/:id), on a user
  // registered for it, so no other phase's user changes: then that user's old cookie on a page,
  // the refresh a page asks the browser for (a route handler can set the cookie), the new cookie.
  const role = { name: 'Bench Role', email: 'bench-role@example.com', password: 'bench-role-password-1' };
  const registered = await fetch(`${lab.url}/api/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(role) });
  if (registered.status !== 201) throw new Error(`register ${role.email}: ${registered.status} ${await registered.text()}`);
  const { user } = await registered.json();
  const roleCookie = await signIn(lab.url, role.email, role.password);
  await steady(lab, '/dashboard/bench-auth', roleCookie, 1);
  const change = await counted(lab.url, `/api/admin/users/${user.id}`, { cookie: adminCookie, method: 'PATCH', body: { role: 'admin' } });
  if (change.status !== 200) throw new Error(`role change: ${change.status} ${change.text}`);
  const sequence = [];
  for (let i = 0; i < 2; i++) {
    const r = await counted(lab.url, '/dashboard/bench-auth', { cookie: roleCookie });
    sequence.push({ step: `page, old cookie #${i + 1}`, status: r.status, db: r.diff.dbQueries, kv: r.diff.kvReads, reissued: !!sessionCookieOf(r.setCookie) });
  }
  const refresh = await counted(lab.url, '/api/session/refresh', { cookie: roleCookie, method: 'POST' });
  if (refresh.status !== 200) throw new Error(`POST /api/session/refresh: ${refresh.status} ${refresh.text}`);
  const fresh = sessionCookieOf(refresh.setCookie);
  sequence.push({ step: 'POST /api/session/refresh', status: refresh.status, db: refresh.diff.dbQueries, kv: refresh.diff.kvReads, reissued: !!fresh });
  for (let i = 0; i < 3; i++) {
    const r = await counted(lab.url, '/dashboard/bench-auth', { cookie: fresh ?? roleCookie });
    sequence.push({ step: `page, new cookie #${i + 1}`, status: r.status, db: r.diff.dbQueries, kv: r.diff.kvReads, reissued: !!sessionCookieOf(r.setCookie) });
  }
  detail.roleChange = sequence;

  // An account with a second factor (issue 22): the authenticator app turned on through the JSON
  // API, then a sign-in with password and code. Its session carries `amr` with `mfa`; the steady
  // state must cost what any session costs.
  const mfa = { name: 'Bench Mfa', email: 'bench-mfa@example.com', password: 'bench-mfa-password-1' };
  const mfaRegistered = await fetch(`${lab.url}/api/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(mfa) });
  if (mfaRegistered.status !== 201) throw new Error(`register ${mfa.email}: ${mfaRegistered.status}`);
  const setupCookie = await signIn(lab.url, mfa.email, mfa.password);
  const started = await counted(lab.url, '/api/user/totp', { cookie: setupCookie, method: 'POST', headers: { origin: lab.url } });
  if (started.status !== 200) throw new Error(`POST /api/user/totp: ${started.status} ${started.text}`);
  const { secret } = JSON.parse(started.text);
  const step = Math.floor(Date.now() / 30_000);
  const confirm = await counted(lab.url, '/api/user/totp/confirm', { cookie: setupCookie, method: 'POST', headers: { origin: lab.url }, body: { code: await generate({ secret, epoch: step * 30 + 1 }) } });
  if (confirm.status !== 200) throw new Error(`POST /api/user/totp/confirm: ${confirm.status} ${confirm.text}`);
  // The next step's code (accepted one step ahead): the one used to confirm cannot be used again.
  const mfaCookie = await signIn(lab.url, mfa.email, mfa.password, { code: await generate({ secret, epoch: (step + 1) * 30 + 1 }) });
  detail.secondFactor = await steady(lab, '/dashboard/bench-auth', mfaCookie, 10);
  targets.push(
    exactTarget('counts-second-factor', 'counts: steady-state protected page, account with a second factor (password + code), DB / KV reads',
      `${detail.secondFactor.dbQueries} / ${detail.secondFactor.kvReads}`, detail.secondFactor.dbQueries === 0 && detail.secondFactor.kvReads <= 1, '0 / <= 1'),
  );
  const pagesBefore = sequence.slice(0, 2);
  const after = sequence.slice(3);
  const ok = !!fresh && pagesBefore.every((s) => s.db <= 1) && after.every((s) => s.db === 0 && s.status === 200);
  targets.push(
    exactTarget('counts-role-change', 'counts after a role change: DB reads per request', sequence.map((s) => s.db).join(','), ok, '<=1 each until re-issued, then 0',
      sequence.map((s) => `${s.step}: ${s.db} DB/${s.kv} KV${s.reissued ? ' (Set-Cookie)' : ''}`).join('; ')),
  );

  // The token path (issue 24) on a handler that only checks the session: steady, then a revoke.
  const bearer = { authorization: `Bearer ${patToken}` };
  detail.tokenSteady = await steadyWith(lab, '/api/bench/whoami', { headers: bearer }, 10);
  detail.cookieSteady = await steadyWith(lab, '/api/bench/whoami', { cookie: cookies.lab }, 10);
  targets.push(
    exactTarget('counts-token', 'counts: steady-state route handler with a personal access token, DB / KV reads', `${detail.tokenSteady.dbQueries} / ${detail.tokenSteady.kvReads}`,
      detail.tokenSteady.dbQueries === 0 && detail.tokenSteady.kvReads <= 1, '0 / <= 1', `the same handler with the cookie: ${detail.cookieSteady.dbQueries} DB / ${detail.cookieSteady.kvReads} KV`),
  );
  // The revoked token is the second-factor account's: a token change bumps its owner's version, and
  // the main user's cookies must stay fresh for the phases after this one.
  const spare = await fetch(`${lab.url}/api/user/tokens`, {
    method: 'POST',
    headers: { cookie: mfaCookie, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-revoke', scope: 'read', expiresInDays: 7 }),
  });
  if (spare.status !== 201) throw new Error(`POST /api/user/tokens: ${spare.status}`);
  const { id: spareId, token: spareToken } = await spare.json();
  await steadyWith(lab, '/api/bench/whoami', { headers: { authorization: `Bearer ${spareToken}` } }, 1);
  const revoked = await counted(lab.url, `/api/user/tokens/${spareId}`, { cookie: mfaCookie, method: 'DELETE' });
  if (revoked.status !== 204) throw new Error(`DELETE /api/user/tokens/${spareId}: ${revoked.status}`);
  const afterRevoke = [];
  for (let i = 0; i < 3; i++) {
    const r = await counted(lab.url, '/api/bench/whoami', { headers: { authorization: `Bearer ${spareToken}` } });
    afterRevoke.push({ status: r.status, db: r.diff.dbQueries, kv: r.diff.kvReads });
  }
  detail.tokenRevoke = afterRevoke;
  targets.push(
    exactTarget('counts-token-revoke', 'counts after revoking a token: its next requests, status and DB reads', afterRevoke.map((r) => `${r.status}/${r.db}`).join(','),
      afterRevoke.every((r) => r.status === 401 && r.db <= 1), '401 each, <= 1 DB read', afterRevoke.map((r) => `${r.status}: ${r.db} DB/${r.kv} KV`).join('; ')),
  );
  return { targets, detail };
}

/** `steady` with request options (headers, a cookie) instead of only a cookie. */
async function steadyWith(server, pathname, options, n) {
  for (let i = 0; i < 2; i++) await counted(server.url, pathname, options);
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await counted(server.url, pathname, options));
  const bad = runs.find((r) => r.status !== 200);
  if (bad) throw new Error(`${pathname}: status ${bad.status}`);
  const max = (k) => Math.max(...runs.map((r) => r.diff[k]));
  return { dbQueries: max('dbQueries'), kvReads: max('kvReads') };
}
