/**
 * The chaos suite's own dependencies, never the machine's: a PostgreSQL cluster (initdb/pg_ctl as
 * the `postgres` user, data in the work folder, a free port, loopback only, fsync off) and a
 * `redis-server` (no persistence, so a restart comes back empty), each on a free port, plus the
 * bridges (`npm run bridges`, the shipped command) in front of them. Every start registers its stop.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { freePort } from '../e2e/support/playwright-shared';
import { RespConnection } from '../services/harness/resp';
import { chownToPostgres, killGroup, onCleanup, recordGroup } from './cleanup';

const run = promisify(execFile);

/** `initdb`/`pg_ctl`/`psql`: /usr/local/bin first (this machine's links), then Debian's versioned folders. */
export function pgBinary(name: string): string {
  const candidates = [`/usr/local/bin/${name}`];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, 'bin', name));
  }
  candidates.push(`/usr/bin/${name}`);
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`chaos: ${name} not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** Runs a PostgreSQL tool as `postgres` when we are root (it refuses to run as root). */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export interface PrivatePostgres {
  port: number;
  url: string;
  /** `pg_ctl stop -m fast`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Runs SQL with psql; rows as arrays of text cells (tab-separated output). */
  query(sql: string): Promise<string[][]>;
}

export async function startPostgres(workDir: string): Promise<PrivatePostgres> {
  const dataDir = path.join(workDir, 'pg');
  chmodSync(workDir, 0o711);
  mkdirSync(dataDir, { mode: 0o700 });
  if (process.getuid?.() === 0) chownToPostgres(dataDir);
  const port = await freePort();
  const pgCtl = pgBinary('pg_ctl');
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
  await run(...asPostgres(pgBinary('initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']), { timeout: 120_000 });
  const ctl = async (...args: string[]) => {
    await run(...asPostgres(pgCtl, ['-D', dataDir, ...args]), { timeout: 60_000 });
  };
  const start = () => ctl('-l', path.join(dataDir, 'server.log'), '-o', options, '-w', '-t', '60', 'start');
  await start();
  onCleanup('PostgreSQL', () => ctl('stop', '-m', 'immediate', '-w').catch(() => {}));
  const psql = pgBinary('psql');
  const query = async (sql: string) => {
    const { stdout } = await run(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'chaos', '-X', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
      timeout: 30_000,
      env: { ...process.env, PGCONNECT_TIMEOUT: '10' },
    });
    return stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
  };
  await run(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-X', '-c', 'CREATE DATABASE chaos'], { timeout: 30_000 });
  return { port, url: `postgres://postgres@127.0.0.1:${port}/chaos`, stop: () => ctl('stop', '-m', 'fast', '-w', '-t', '60'), start, query };
}

export interface PrivateRedis {
  port: number;
  pid(): number | undefined;
  /** SIGSTOP / SIGCONT: the process keeps its sockets but answers nothing. */
  pause(): void;
  resume(): void;
  /** SIGKILL and start again on the same port, empty (no persistence). */
  restart(): Promise<void>;
  kill(): Promise<void>;
  start(): Promise<void>;
  flushAll(): Promise<void>;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`chaos: ${what} not ready after ${timeoutMs} ms`);
}

export async function redisPing(port: number): Promise<boolean> {
  const conn = new RespConnection(port);
  try {
    await conn.call('PING');
    return true;
  } finally {
    conn.close();
  }
}

export async function startRedis(workDir: string): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', workDir, '--logfile', path.join(workDir, 'redis.log')], {
      stdio: 'ignore',
      detached: true,
    });
    recordGroup(workDir, 'redis', child.pid);
    await waitFor('redis-server', () => redisPing(port), 20_000);
  };
  const kill = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    killGroup(current.pid, 'SIGCONT');
    killGroup(current.pid, 'SIGKILL');
    await exited;
  };
  await start();
  onCleanup('redis-server', kill);
  return {
    port,
    pid: () => child?.pid,
    pause: () => child?.pid && process.kill(child.pid, 'SIGSTOP'),
    resume: () => child?.pid && process.kill(child.pid, 'SIGCONT'),
    restart: async () => {
      await kill();
      await start();
    },
    kill,
    start,
    flushAll: async () => {
      const conn = new RespConnection(port);
      try {
        await conn.call('FLUSHALL');
      } finally {
        conn.close();
      }
    },
  };
}

export interface Bridges {
  env: Record<'DATABASE_URL' | 'NEON_WS_PROXY' | 'KV_REST_API_URL' | 'KV_REST_API_TOKEN', string>;
}

/** `npm run bridges` as a user would run it; its printed `export KEY=value` lines are the app's environment. */
export async function startBridges(workDir: string, postgresUrl: string, redisPort: number): Promise<Bridges> {
  const child = spawn('npm', ['run', '-s', 'bridges', '--', '--postgres', postgresUrl, '--redis', `redis://127.0.0.1:${redisPort}/0`], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  recordGroup(workDir, 'bridges', child.pid);
  onCleanup('bridges', () => killGroup(child.pid, 'SIGTERM'));
  const env: Record<string, string> = {};
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('chaos: npm run bridges printed no environment within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`chaos: npm run bridges exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /^export ([A-Z_]+)=(.*)$/.exec(line);
      if (match) env[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
      if (env.DATABASE_URL && env.NEON_WS_PROXY && env.KV_REST_API_URL && env.KV_REST_API_TOKEN) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { env: env as Bridges['env'] };
}

export { waitFor };
