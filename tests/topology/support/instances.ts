/**
 * App instances for the topology suite: `next start` of the ONE production build in `.next`, each
 * on its own loopback port, each a separate process sharing only PostgreSQL and Redis. An instance
 * can be restarted on the same port with another environment (the rolling secret rotation).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { stopChild } from './proxy';

const NEXT_BIN = path.join(process.cwd(), 'node_modules/next/dist/bin/next');

export interface Instance {
  index: number;
  port: number;
  env: Record<string, string>;
  child?: ChildProcess;
  /** How many times this instance was started. */
  starts: number;
}

async function ready(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`instance on port ${port} did not become healthy`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts (or restarts) an instance with `env` on its port; resolves once /api/health answers 200. */
export async function startInstance(instance: Instance, logDir: string, timeoutMs = 90_000): Promise<void> {
  if (instance.child) await stopChild(instance.child);
  instance.starts++;
  const log = createWriteStream(path.join(logDir, `instance-${instance.index + 1}.${instance.starts}.log`));
  // Only what the recipe sets: nothing of the runner's own environment leaks in but PATH/HOME.
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(instance.port), '-H', '127.0.0.1'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...instance.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  instance.child = child;
  await ready(instance.port, timeoutMs);
}

export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child) await stopChild(instance.child);
  instance.child = undefined;
}
