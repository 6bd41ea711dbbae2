/**
 * `npm run test:chaos`: the app's production build on its own PostgreSQL and Redis (never the
 * machine's), bounded mixed load, and one fault after another (see faults.ts). Around each fault
 * sessions are ended in the five ways the app offers; afterwards PostgreSQL, the app's log and
 * every recorded response are held against the invariants of issue 13. Prints a table per fault
 * and a final `chaos: N passed, M failed` line; exits 1 on any violation, 2 when the harness
 * itself could not run. `--faults none,kv-pause,…` runs a subset; `--no-lineage` leaves out the
 * cookies that descend from a revoked one (a re-issued copy, `/api/auth/session`'s fresh cookie).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { freePort } from '../e2e/support/playwright-shared';
import { createApp, ensureBuild } from './app';
import { checkAppLog, checkChanges, checkResponses, checkWrites, measureRecovery } from './checks';
import { cleanupAll, installSignalHandlers, makeWorkDir } from './cleanup';
import { ChaosClient } from './client';
import { faults } from './faults';
import { sleep, startLoad, Writes, type Account } from './load';
import { Prober } from './prober';
import { Recorder } from './recorder';
import { printReport } from './report';
import { CHANGE_KINDS, Changes, type Member } from './revocations';
import { pgBinary, startBridges, startPostgres, startRedis } from './services';

const LOAD_WORKERS = 3;
const PROBE_LOOPS = 2;
/** Load keeps running this long after each dependency is back (the 5 s window and then some). */
const AFTER_MS = 7_000;
const BUDGET_MS = 8 * 60_000;

function npm(args: string[], env: Record<string, string>): void {
  const result = spawnSync('npm', ['run', '-s', ...args], { stdio: 'inherit', env: { ...process.env, ...env }, timeout: 180_000 });
  if (result.status !== 0) throw new Error(`npm run ${args.join(' ')} failed (exit ${result.status})`);
}

async function register(baseURL: string, label: string, runId: string): Promise<Member> {
  const account = { name: `Chaos ${label}`, email: `${label}-${runId}@example.com`.toLowerCase(), password: `pw-${label}-${runId}` };
  const res = await fetch(new URL('/api/register', baseURL), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  if (res.status !== 201) throw new Error(`registering ${account.email}: ${res.status} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string } };
  return { ...account, id: user.id };
}

async function main(selected: string[] | undefined, lineage: boolean): Promise<{ passed: number; failed: number }> {
  ensureBuild();
  // Everything after the build is bounded as a whole, whatever hangs (the budget is 10 minutes).
  setTimeout(() => {
    console.error(`chaos: still running ${BUDGET_MS / 60_000} minutes after the build: stopping`);
    void cleanupAll().finally(() => {
      console.log('chaos: 0 passed, 1 failed (over the time budget)');
      process.exit(1);
    });
  }, BUDGET_MS).unref();
  const workDir = makeWorkDir(pgBinary('pg_ctl'));
  const [pg, redis] = await Promise.all([startPostgres(workDir), startRedis(workDir)]);
  const { env } = await startBridges(workDir, pg.url, redis.port);
  console.log(`chaos: PostgreSQL 127.0.0.1:${pg.port}, redis-server 127.0.0.1:${redis.port}, bridges ${env.NEON_WS_PROXY} and ${env.KV_REST_API_URL}`);
  npm(['db:migrate'], env);
  npm(['db:seed', '--', '--yes'], env);
  const app = await createApp(workDir, await freePort(), { ...env, AUTH_SECRET: randomBytes(32).toString('base64url'), AUTH_TRUST_HOST: '1', APP_COUNTERS: '1', REQUIRE_ADMIN_MFA: '0', REAUTH_WINDOW_SECONDS: '86400' });
  await app.start();
  console.log(`chaos: next start on ${app.baseURL}`);

  const all = faults({ redis, pg, app });
  const plan = selected ? all.filter((f) => selected.includes(f.name)) : all;
  const unknown = selected?.filter((s) => !all.some((f) => f.name === s)) ?? [];
  if (unknown.length || !plan.length) throw new Error(`unknown fault(s) ${unknown.join(', ')}; known: ${all.map((f) => f.name).join(', ')}`);

  const rec = new Recorder();
  const runId = randomBytes(3).toString('hex');
  const admin = new ChaosClient(app.baseURL, rec, 'op');
  if (!(await admin.signIn('admin@example.com', 'admin-password-1'))) throw new Error('the seeded admin cannot sign in');
  const members = new Map<string, Member>();
  const labels = plan.flatMap((f) => (f.changesDuring ? ['before', 'during'] : ['before']).flatMap((m) => CHANGE_KINDS.map((k) => `${f.name}-${m}-${k}`)));
  for (let i = 0; i < labels.length; i += 4) {
    for (const m of await Promise.all(labels.slice(i, i + 4).map((l) => register(app.baseURL, l, runId)))) members.set(m.name.slice(6), m);
  }
  for (const [label, m] of members) {
    if (!label.endsWith('-demotion')) continue;
    const res = await admin.request(`/api/admin/users/${m.id}`, { method: 'PATCH', json: { role: 'admin' } });
    if (res.status !== 200) throw new Error(`promoting ${m.email}: ${res.code} ${res.body}`);
  }
  const loadAccounts: Account[] = await Promise.all(Array.from({ length: LOAD_WORKERS }, (_, i) => register(app.baseURL, `load-${i}`, runId)));
  const recoveryAccount = await register(app.baseURL, 'recovery', runId);
  console.log(`chaos: ${members.size + LOAD_WORKERS + 1} accounts registered; faults: ${plan.map((f) => f.name).join(', ')}`);

  const prober = new Prober(app.baseURL, rec, lineage);
  const writes = new Writes(rec, runId);
  const hashOf = async (id: string) => (await pg.query(`SELECT password_hash FROM users WHERE id = '${id}'`))[0]?.[0] ?? '';
  const changes = new Changes(app.baseURL, rec, prober, admin, hashOf, lineage);
  let stopping = false;
  const running: Promise<void>[] = [];
  for (const fault of plan) {
    const phase = rec.startPhase(fault.name, fault.description);
    if (!running.length) {
      running.push(startLoad({ baseURL: app.baseURL, rec, writes, accounts: loadAccounts, stop: () => stopping }), prober.run(PROBE_LOOPS, () => stopping));
    }
    // One sign-in at a time: parallel scrypt hashes would saturate the 2 cores by themselves.
    const prepare = async (moment: string) => {
      const list = [];
      for (const k of CHANGE_KINDS) list.push(await changes.prepare(k, members.get(`${fault.name}-${moment}-${k}`)!));
      return list;
    };
    const before = await prepare('before');
    const during = fault.changesDuring ? await prepare('during') : [];
    await Promise.all(before.map((p) => changes.run(p, 'before')));
    await sleep(1_000);
    console.log(`chaos: ${fault.name}: ${fault.description}`);
    phase.faultAt = Date.now();
    await fault.inject();
    const duringDone = sleep(800).then(() => Promise.all(during.map((p) => changes.run(p, 'during'))));
    await sleep(fault.holdMs);
    await duringDone;
    await fault.restore();
    phase.backAt = Date.now();
    await Promise.all([measureRecovery(app.baseURL, rec, writes, recoveryAccount, phase), sleep(AFTER_MS)]);
  }
  stopping = true;
  await Promise.all(running);
  rec.endPhase();

  changes.summarize();
  checkResponses(rec);
  checkAppLog(rec, app);
  await checkWrites(pg.query, rec, writes, runId);
  await checkChanges(pg.query, rec, changes.records);
  return printReport(rec, prober.probes);
}

installSignalHandlers();
const started = Date.now();
const { values } = parseArgs({ options: { faults: { type: 'string' }, 'no-lineage': { type: 'boolean' } } });
let line: string;
let code: number;
try {
  const { passed, failed } = await main(
    values.faults?.split(',').map((s) => s.trim()),
    !values['no-lineage'],
  );
  line = `chaos: ${passed} passed, ${failed} failed`;
  code = failed ? 1 : 0;
} catch (err) {
  console.error('chaos: the harness could not run:', err);
  line = 'chaos: 0 passed, 1 failed (harness error, see above)';
  code = 2;
}
await cleanupAll();
console.log(`${line} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
process.exit(code);
