/**
 * The invariants that need more than one response: PostgreSQL against every write's outcome,
 * recovery after each fault, and the app's own log and process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { App } from './app';
import { ChaosClient } from './client';
import type { Account, Writes } from './load';
import type { PhaseInfo, Recorder } from './recorder';
import type { ChangeRecord } from './revocations';

type Query = (sql: string) => Promise<string[][]>;

const RECOVERY_LIMIT_MS = 5_000;
const RECOVERY_GIVE_UP_MS = 30_000;

/**
 * From the moment the dependency is back: rounds of API read, page, write and sign-in with a
 * healthy account until one round fully succeeds. Over 5 s (or never) is a violation.
 */
export async function measureRecovery(baseURL: string, rec: Recorder, writes: Writes, account: Account, phase: PhaseInfo): Promise<void> {
  const backAt = phase.backAt ?? Date.now();
  let client = new ChaosClient(baseURL, rec, 'recovery');
  while (Date.now() - backAt < RECOVERY_GIVE_UP_MS) {
    const failed: string[] = [];
    const fresh = new ChaosClient(baseURL, rec, 'recovery');
    if (!(await fresh.signIn(account.email, account.password))) failed.push('sign-in');
    else client = fresh;
    if (client.token) {
      const user = await client.request('/api/user');
      if (user.status !== 200) failed.push(`GET /api/user ${user.code}`);
      const page = await client.request('/dashboard');
      if (page.code !== '200' || !page.body.includes(account.email)) failed.push(`GET /dashboard ${page.code}`);
      const created = await writes.create(client, 'recovery');
      if (!created.id) failed.push(`POST /api/products ${created.answer.code}`);
    }
    if (!failed.length) {
      const took = Date.now() - backAt;
      phase.notes.push(`recovered: first full round (sign-in, API read, page, write) done ${(took / 1000).toFixed(1)} s after the dependency was back`);
      if (took > RECOVERY_LIMIT_MS) rec.violate('recovery', `first fully successful round only ${(took / 1000).toFixed(1)} s after the dependency was back`, phase.name);
      return;
    }
    phase.notes.push(`recovery round at +${((Date.now() - backAt) / 1000).toFixed(1)} s failed: ${failed.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  rec.violate('recovery', `no fully successful round within ${RECOVERY_GIVE_UP_MS / 1000} s after the dependency was back`, phase.name);
}

const failing = (code: string) => code === 'ERR' || code.startsWith('5') || code.startsWith('200~');

/** Status-based invariants of every phase: no 500, outage pages 503, nothing failing 5 s after recovery. */
export function checkResponses(rec: Recorder): void {
  for (const phase of rec.phases) {
    const samples = rec.samples.filter((s) => s.phase === phase.name);
    const tally = (pick: (code: string) => boolean, from = 0) => {
      const by = new Map<string, number>();
      for (const s of samples) if (s.t >= from && pick(s.code)) by.set(`${s.surface} ${s.code}`, (by.get(`${s.surface} ${s.code}`) ?? 0) + 1);
      return [...by].map(([k, n]) => `${k} ×${n}`).join(', ');
    };
    const errors = tally((c) => c === '500' || c === '200~error');
    if (errors) rec.violate('no-500', errors, phase.name);
    const outage = tally((c) => c === '200~outage');
    if (outage) rec.violate('outage-503', `outage page served with status 200: ${outage}`, phase.name);
    if (phase.backAt !== undefined) {
      const late = tally(failing, phase.backAt + RECOVERY_LIMIT_MS);
      if (late) rec.violate('recovery', `still failing more than 5 s after the dependency was back: ${late}`, phase.name);
    }
  }
}

export const APP_LOG_FILE = path.join('test-results', 'chaos', 'app.log');

/**
 * `uncaughtException`/`unhandledRejection` in the app's log, and app exits nobody asked for. The
 * whole log is kept in test-results/chaos/app.log (each line with its phase); each phase notes how
 * many error lines it logged.
 */
export function checkAppLog(rec: Recorder, app: App): void {
  mkdirSync(path.dirname(APP_LOG_FILE), { recursive: true });
  writeFileSync(APP_LOG_FILE, app.log.map(({ t, line }) => `${new Date(t).toISOString()} [${rec.phaseAt(t).name}] ${line}`).join('\n') + '\n');
  for (const phase of rec.phases) {
    const errors = app.log.filter(({ t, line }) => rec.phaseAt(t) === phase && /⨯|error/i.test(line));
    if (errors.length) phase.notes.push(`app log: ${errors.length} error line(s), first: ${errors[0]!.line.trim().slice(0, 140)} (all in ${APP_LOG_FILE})`);
  }
  const found = new Map<string, { count: number; first: string }>();
  for (const { t, line } of app.log) {
    if (!/uncaughtException|unhandledRejection/i.test(line)) continue;
    const key = `${rec.phaseAt(t).name}\t${line.slice(0, 160)}`;
    const seen = found.get(key);
    if (seen) seen.count++;
    else found.set(key, { count: 1, first: rec.when(t) });
  }
  for (const [key, { count, first }] of found) {
    const [phase, line] = key.split('\t') as [string, string];
    rec.violate('log', `${count}× "${line.trim()}" (first ${first})`, phase);
  }
  for (const crash of app.crashes) rec.violate('log', `next start exited by itself (code ${crash.code}, signal ${crash.signal}) ${rec.when(crash.t)}`, rec.phaseAt(crash.t).name);
}

function names(list: string[]): string {
  return list.length > 4 ? `${list.slice(0, 4).join(', ')} and ${list.length - 4} more` : list.join(', ');
}

/** Every product write against the rows: acknowledged exactly once, refused never, unanswered at most once. */
export async function checkWrites(query: Query, rec: Recorder, writes: Writes, runId: string): Promise<void> {
  const counts = new Map((await query(`SELECT name, count(*) FROM products WHERE name LIKE 'chaos-${runId}-%' GROUP BY name`)).map(([n, c]) => [n!, Number(c)]));
  const byPhase = new Map<string, { missing: string[]; doubled: string[]; refusedPresent: string[]; acked: number }>();
  const of = (phase: string) => byPhase.get(phase) ?? byPhase.set(phase, { missing: [], doubled: [], refusedPresent: [], acked: 0 }).get(phase)!;
  for (const w of writes.creates) {
    const n = counts.get(w.name) ?? 0;
    const p = of(w.phase);
    if (w.outcome === 'ack') p.acked++;
    if (w.outcome === 'ack' && n === 0) p.missing.push(w.name);
    if (n > 1) p.doubled.push(`${w.name} ×${n}`);
    if (w.outcome === 'refused' && n > 0) p.refusedPresent.push(`${w.name} (answered ${w.status})`);
  }
  const ids = [...new Set(writes.patches.map((p) => p.productId))];
  const prices = new Map(ids.length ? (await query(`SELECT id, price_cents FROM products WHERE id IN (${ids.map((i) => `'${i}'`).join(',')})`)).map(([i, c]) => [i!, Number(c)]) : []);
  const patchIssues: { phase: string; invariant: 'writes-once' | 'no-partial'; text: string }[] = [];
  for (const id of ids) {
    const attempts = writes.patches.filter((p) => p.productId === id).sort((a, b) => a.t - b.t);
    const actual = prices.get(id);
    const applied = attempts.find((a) => a.priceCents === actual);
    if (applied?.outcome === 'refused') patchIssues.push({ phase: applied.phase, invariant: 'no-partial', text: `PATCH /api/products/:id answered ${applied.status} but its price ${actual} is in the row` });
    const lastAck = attempts.map((a) => a.outcome).lastIndexOf('ack');
    if (lastAck === -1) continue;
    const allowed = attempts.slice(lastAck).filter((a, i) => i === 0 || a.outcome === 'unknown').map((a) => a.priceCents);
    if (!allowed.includes(actual ?? -1)) patchIssues.push({ phase: attempts[lastAck]!.phase, invariant: 'writes-once', text: `acknowledged PATCH (price ${attempts[lastAck]!.priceCents}) lost: the row has ${actual}` });
  }
  for (const [phase, p] of byPhase) {
    rec.phases.find((x) => x.name === phase)?.notes.push(`writes: ${p.acked} acknowledged creates checked in PostgreSQL`);
    if (p.missing.length) rec.violate('writes-once', `${p.missing.length} acknowledged creates missing: ${names(p.missing)}`, phase);
    if (p.doubled.length) rec.violate('writes-once', `${p.doubled.length} creates stored more than once: ${names(p.doubled)}`, phase);
    if (p.refusedPresent.length) rec.violate('no-partial', `${p.refusedPresent.length} refused creates stored anyway: ${names(p.refusedPresent)}`, phase);
  }
  for (const issue of patchIssues) rec.violate(issue.invariant, issue.text, issue.phase);
}

/** Bans, demotions and password changes: acknowledged → in PostgreSQL; refused → nothing changed. */
export async function checkChanges(query: Query, rec: Recorder, changes: ChangeRecord[]): Promise<void> {
  const relevant = changes.filter((c) => c.outcome !== 'unknown' && (c.kind === 'ban' || c.kind === 'demotion' || c.kind === 'password'));
  if (!relevant.length) return;
  const rows = await query(`SELECT id, role, banned_at IS NOT NULL, password_hash FROM users WHERE id IN (${relevant.map((c) => `'${c.user.id}'`).join(',')})`);
  const byId = new Map(rows.map(([id, role, banned, hash]) => [id!, { role: role!, banned: banned === 't', hash: hash! }]));
  for (const c of relevant) {
    const row = byId.get(c.user.id);
    if (!row) continue;
    const changed = c.kind === 'ban' ? row.banned : c.kind === 'demotion' ? row.role === 'user' : row.hash !== c.hashBefore;
    if (c.outcome === 'ack' && !changed) rec.violate('writes-once', `${c.label} was acknowledged (${c.status}) but PostgreSQL does not have it`, c.phase);
    if (c.outcome === 'refused' && changed) rec.violate('no-partial', `${c.label} was refused (${c.status}) but PostgreSQL has the change`, c.phase);
  }
}
