// Counted, not guessed: database queries, KV reads and session decrypts per request, read from
// /api/internal/counters around single requests on an otherwise idle server.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './variants.mjs';
import { counted } from './server.mjs';
import { exactTarget } from './report.mjs';

async function steady(server, pathname, cookie, n) {
  for (let i = 0; i < 2; i++) await counted(server.url, pathname, { cookie });
  const runs = [];
  for (let i = 0; i < n; i++) runs.push(await counted(server.url, pathname, { cookie }));
  const bad = runs.find((r) => r.status !== 200);
  if (bad) throw new Error(`${pathname}: status ${bad.status}`);
  const max = (k) => Math.max(...runs.map((r) => r.diff[k]));
  return { dbQueries: max('dbQueries'), kvReads: max('kvReads'), kvWrites: max('kvWrites'), tokenDecrypts: max('tokenDecrypts'), setCookie: runs.filter((r) => r.setCookie.length).length };
}

const sessionCookieOf = (setCookie) => setCookie.find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));

export async function countsPhase({ app, lab, cookies, adminCookie }) {
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

  // A role change through the freshness protocol, then the old cookie, the refresh, the new cookie.
  const change = await counted(lab.url, '/api/bench/role', { cookie: adminCookie, method: 'POST', body: { role: 'user' } });
  if (change.status !== 200) throw new Error(`role change: ${change.status} ${change.text}`);
  const sequence = [];
  for (let i = 0; i < 2; i++) {
    const r = await counted(lab.url, '/dashboard/bench-auth', { cookie: adminCookie });
    sequence.push({ step: `page, old cookie #${i + 1}`, status: r.status, db: r.diff.dbQueries, kv: r.diff.kvReads, reissued: !!sessionCookieOf(r.setCookie) });
  }
  // The page cannot set cookies; a route handler (the client refresher's target) re-issues it.
  const refreshRoute = existsSync(path.join(ROOT, 'app/api/session/refresh/route.ts'));
  const refresh = refreshRoute
    ? await counted(lab.url, '/api/session/refresh', { cookie: adminCookie, method: 'POST' })
    : await counted(lab.url, '/api/user', { cookie: adminCookie });
  const fresh = sessionCookieOf(refresh.setCookie);
  sequence.push({ step: refreshRoute ? 'POST /api/session/refresh' : 'GET /api/user (re-issues)', status: refresh.status, db: refresh.diff.dbQueries, kv: refresh.diff.kvReads, reissued: !!fresh });
  for (let i = 0; i < 3; i++) {
    const r = await counted(lab.url, '/dashboard/bench-auth', { cookie: fresh ?? adminCookie });
    sequence.push({ step: `page, new cookie #${i + 1}`, status: r.status, db: r.diff.dbQueries, kv: r.diff.kvReads, reissued: !!sessionCookieOf(r.setCookie) });
  }
  detail.roleChange = sequence;
  const pagesBefore = sequence.slice(0, 2);
  const after = sequence.slice(3);
  const ok = !!fresh && pagesBefore.every((s) => s.db <= 1) && after.every((s) => s.db === 0 && s.status === 200);
  targets.push(
    exactTarget('counts-role-change', 'counts after a role change: DB reads per request', sequence.map((s) => s.db).join(','), ok, '<=1 each until re-issued, then 0',
      sequence.map((s) => `${s.step}: ${s.db} DB/${s.kv} KV${s.reissued ? ' (Set-Cookie)' : ''}`).join('; ')),
  );
  return { targets, detail };
}
