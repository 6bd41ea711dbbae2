/**
 * Everything the chaos suite starts is registered here and undone on every way out: normal end,
 * a thrown error, SIGINT/SIGTERM. Undo steps run newest first, each at most once, each bounded.
 *
 * A run killed with SIGKILL cannot clean up; its work folder records its pid, and the next run
 * sweeps folders whose owner is gone (stopping the PostgreSQL, Redis and app they still hold).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'edge-chaos-';
type Step = { label: string; run: () => Promise<void> | void };
const steps: Step[] = [];
let running: Promise<void> | undefined;

export function onCleanup(label: string, run: Step['run']): void {
  steps.push({ label, run });
}

export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    for (const step of steps.splice(0).reverse()) {
      try {
        await Promise.race([step.run(), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
      } catch (err) {
        console.error(`chaos: cleanup "${step.label}" failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return running;
}

export function installSignalHandlers(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      console.error(`\nchaos: ${signal}: stopping everything this run started`);
      void cleanupAll().finally(() => {
        console.log(`chaos: 0 passed, 1 failed (interrupted by ${signal})`);
        process.exit(code);
      });
    });
  }
}

/** Kills a process group (children started with `detached: true`), ignoring one already gone. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops what a dead run left behind: its PostgreSQL (pg_ctl), Redis and app groups, then its folder. */
function sweep(dir: string, pgCtl: string): void {
  const dataDir = path.join(dir, 'pg');
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    try {
      execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, '-D', dataDir, 'stop', '-m', 'immediate', '-w'], { stdio: 'ignore', timeout: 20_000 });
    } catch {
      /* the postmaster may already be gone */
    }
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.pgid'))) killGroup(Number(readFileSync(path.join(dir, file), 'utf8')));
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh work folder (readable by the `postgres` user), after sweeping those of dead runs. */
export function makeWorkDir(pgCtl: string): string {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(tmpdir(), name);
    const owner = Number(existsSync(path.join(dir, 'owner.pid')) ? readFileSync(path.join(dir, 'owner.pid'), 'utf8') : NaN);
    if (Number.isInteger(owner) && !alive(owner)) {
      console.log(`chaos: sweeping ${dir} (left by dead run ${owner})`);
      sweep(dir, pgCtl);
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), PREFIX));
  writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  onCleanup('work folder', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Records a detached child's group id in the work folder, for the sweep. */
export function recordGroup(dir: string, name: string, pid: number | undefined): void {
  if (pid) writeFileSync(path.join(dir, `${name}.pgid`), String(pid));
}

export function chownToPostgres(target: string): void {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(target, uid, gid);
}
