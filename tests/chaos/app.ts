/**
 * The app under test: one production build (reused when `.next/BUILD_ID` is newer than every
 * source file that goes into it), served by `next start` on a free port. Its log is kept line by
 * line with the time each line arrived, so the suite can attribute `uncaughtException`s to a fault.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { killGroup, onCleanup, recordGroup } from './cleanup';
import { waitFor } from './services';

const SOURCE_DIRS = ['app', 'lib', 'db', 'components', 'public'];
const SOURCE_FILES = ['middleware.ts', 'proxy.ts', 'auth.ts', 'auth.config.ts', 'instrumentation.ts', 'next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'postcss.config.mjs'];

function newestSource(dir: string): number {
  if (!existsSync(dir)) return 0;
  const stat = statSync(dir);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(dir) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(dir)) newest = Math.max(newest, newestSource(path.join(dir, entry)));
  return newest;
}

/** Builds unless an existing production build is newer than all its inputs (tests excluded). */
export function ensureBuild(): void {
  const buildId = path.join('.next', 'BUILD_ID');
  const sources = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map(newestSource));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sources) {
    console.log('chaos: reusing the production build in .next (newer than every source file)');
    return;
  }
  console.log('chaos: building the app (npm run build)…');
  const started = Date.now();
  const result = spawnSync('npm', ['run', '-s', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) throw new Error(`chaos: npm run build failed (exit ${result.status})`);
  console.log(`chaos: built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export interface LogLine {
  t: number;
  line: string;
}

export interface App {
  baseURL: string;
  log: LogLine[];
  /** Exits the app did not ask for (time and code). */
  crashes: { t: number; code: number | null; signal: string | null }[];
  start(): Promise<void>;
  /** Kills the whole `next start` process group and waits for it. */
  stop(): Promise<void>;
}

export async function createApp(workDir: string, port: number, env: Record<string, string>): Promise<App> {
  const baseURL = `http://127.0.0.1:${port}`;
  const log: LogLine[] = [];
  const crashes: App['crashes'] = [];
  let child: ChildProcess | undefined;
  let stopping = false;

  const start = async () => {
    stopping = false;
    const proc = spawn(path.join('node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child = proc;
    recordGroup(workDir, 'app', proc.pid);
    for (const stream of [proc.stdout!, proc.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => log.push({ t: Date.now(), line }));
    }
    proc.once('exit', (code, signal) => {
      if (!stopping) crashes.push({ t: Date.now(), code, signal });
    });
    await waitFor(
      'next start',
      async () => {
        if (proc.exitCode !== null) throw new Error('exited');
        const res = await fetch(`${baseURL}/login`, { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        return res.status === 200;
      },
      90_000,
    );
  };

  const stop = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    stopping = true;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    killGroup(proc.pid, 'SIGKILL');
    await exited;
  };

  onCleanup('next start', stop);
  return { baseURL, log, crashes, start, stop };
}
