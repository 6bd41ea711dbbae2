// Scale (full mode only): /admin/users with 100,000 users, page 1 vs page 1,000 latency, and
// EXPLAIN of the SQL the prefix search actually ran (captured by the lab overlay's SQL log). Runs
// on a server of its own, after the others are stopped.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signIn } from '../lib/server.mjs';
import { median, notMeasured, ratioTarget, exactTarget } from '../lib/report.mjs';

const USERS = 100_000;
const DEPTH = 1_000;
const PAGE_1 = '/admin/users';
// 100 of the 100,000 seeded emails start with this: selective, as a person's search is.
const SEARCH = '/admin/users?q=bench0500';

/** The page's own "next page" link (any scheme: ?page=, keyset ?cursor=), or null. */
function nextLink(html) {
  const links = [...html.matchAll(/href="(\/admin\/users\?[^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  return links.find((l) => /cursor=|page=|after=/.test(l)) ?? null;
}

async function openPglite(dataDir) {
  const { PGlite } = await import('@electric-sql/pglite');
  return new PGlite(dataDir);
}

async function timed(url, cookie) {
  const t = process.hrtime.bigint();
  const res = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const body = await res.text();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, status: res.status, body };
}

export async function scalePhase({ builds, start, stopAll, users, log, quick }) {
  if (quick) {
    const why = 'full mode only (100,000 users and a walk to page 1,000 do not fit the quick budget)';
    return { targets: [notMeasured('scale-depth', 'scale: /admin/users page 1000 / page 1 latency', why), notMeasured('scale-index', 'scale: prefix search uses an index (EXPLAIN)', why)] };
  }
  await stopAll();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-scale-'));
  const sqlLog = path.join(dataDir, '..', `${path.basename(dataDir)}.sql.log`);
  const env = { PGLITE_DATA_DIR: dataDir, BENCH_SQL_LOG: sqlLog };
  try {
    // First start migrates and seeds the demo accounts; then 100,000 users are added offline.
    let s = await start(builds.lab.dir, 'scale-init', env);
    await s.stop();
    log(`scale: inserting ${USERS} users …`);
    const db = await openPglite(dataDir);
    await db.exec(`INSERT INTO users (name, email, role, created_at)
      SELECT 'Bench User ' || lpad(g::text, 6, '0'), 'bench' || lpad(g::text, 6, '0') || '@example.test', 'user', now() - g * interval '1 second'
      FROM generate_series(1, ${USERS}) g; ANALYZE users;`);
    await db.close();

    s = await start(builds.lab.dir, 'scale', env);
    s.pin(1);
    const cookie = await signIn(s.url, users.admin.email, users.admin.password);
    const first = await timed(`${s.url}${PAGE_1}`, cookie);
    // Page 1,000 is reached the way a person would: by following the page's own next link.
    log(`scale: following the next-page link to page ${DEPTH} …`);
    let PAGE_1000 = PAGE_1;
    let deep = first;
    for (let i = 1; i < DEPTH && deep.status === 200; i++) {
      const link = nextLink(deep.body);
      if (!link) break;
      PAGE_1000 = link;
      deep = await timed(`${s.url}${link}`, cookie);
      if (i === DEPTH - 1) deep.depth = DEPTH;
    }
    if (first.status !== 200 || deep.status !== 200 || deep.depth !== DEPTH) {
      await s.stop();
      const why = `${PAGE_1} → ${first.status}; could not reach page ${DEPTH} through next-page links (stopped at ${PAGE_1000} → ${deep.status})`;
      return { targets: [notMeasured('scale-depth', 'scale: /admin/users page 1000 / page 1 latency', why), notMeasured('scale-index', 'scale: prefix search uses an index (EXPLAIN)', why)] };
    }
    const n = 30;
    const a = [];
    const b = [];
    for (let i = 0; i < 3; i++) {
      await timed(`${s.url}${PAGE_1}`, cookie);
      await timed(`${s.url}${PAGE_1000}`, cookie);
    }
    for (let i = 0; i < n; i++) {
      a.push((await timed(`${s.url}${PAGE_1}`, cookie)).ms);
      b.push((await timed(`${s.url}${PAGE_1000}`, cookie)).ms);
    }
    // Ratios per block of 5 pairs give the spread.
    const blocks = [];
    for (let i = 0; i + 5 <= n; i += 5) blocks.push(median(b.slice(i, i + 5)) / median(a.slice(i, i + 5)));
    const depth = ratioTarget('scale-depth', 'scale: /admin/users page 1000 / page 1 latency', blocks, { atMost: 1.5 });
    depth.detail = `page 1 median ${median(a).toFixed(1)} ms, page 1000 median ${median(b).toFixed(1)} ms, ${USERS} users; page ${DEPTH} = ${PAGE_1000}`;

    writeFileSync(sqlLog, '');
    const search = await timed(`${s.url}${SEARCH}`, cookie);
    await s.stop();
    const statements = readFileSync(sqlLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((q) => /\blike\b/i.test(q.sql) && /"?users"?/.test(q.sql));
    if (search.status !== 200 || statements.length === 0) {
      return { targets: [depth, notMeasured('scale-index', 'scale: prefix search uses an index (EXPLAIN)', `${SEARCH} → ${search.status}; ${statements.length} LIKE statements captured`)] };
    }
    const check = await openPglite(dataDir);
    const plans = [];
    for (const q of statements) {
      const res = await check.query(`EXPLAIN ${q.sql}`, q.params);
      plans.push(res.rows.map((r) => Object.values(r)[0]).join(' | '));
    }
    await check.close();
    // The LIKE itself must be an index condition (a text_pattern_ops range `~>=~`, or `~~` on a
    // trigram index); an index walked in another order with the LIKE as a filter does not count.
    const ok = plans.every((p) => /Index Cond: [^|]*(~>=~|~~)/.test(p) && !/Seq Scan on users/.test(p));
    return { targets: [depth, exactTarget('scale-index', 'scale: prefix search uses an index (EXPLAIN)', ok ? 'index' : 'seq scan', ok, 'index', plans.join(' || ').slice(0, 600))] };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(sqlLog, { force: true });
  }
}
