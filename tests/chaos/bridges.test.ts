/**
 * `npm run bridges` as a user runs it: spawned for real against the machine's PostgreSQL (`test`
 * database) and Redis (a leased logical database; nothing is flushed), and against a private
 * redis-server with a password and another database number. What it prints must be enough for
 * the shipped `npm run db:migrate` / `db:seed` and for the Neon and Upstash protocols.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../e2e/support/playwright-shared';
import { createFreshDatabase, dropDatabase, leaseRedisDb, queryTestDatabase } from '../services/harness';
import { RespConnection } from '../services/harness/resp';

const started: ChildProcess[] = [];

/** Ctrl-C in a terminal: the signal goes to the whole process group (npm, tsx, node). */
function interrupt(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

afterAll(() => {
  for (const child of started) interrupt(child, 'SIGKILL');
});

/** Spawns the command; resolves with its printed variables once all four are there. */
async function bridges(args: string[]): Promise<{ child: ChildProcess; lines: string[]; env: Record<string, string> }> {
  const child = spawn('npm', ['run', '-s', 'bridges', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  const lines: string[] = [];
  const env: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bridges exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
      if (Object.keys(env).length === 4) resolve();
    });
  });
  return { child, lines, env };
}

async function kv(env: Record<string, string>, command: string[], token = env.KV_REST_API_TOKEN): Promise<Response> {
  return fetch(env.KV_REST_API_URL!, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(command) });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('npm run bridges', () => {
  it('prints the four variables; PostgreSQL answers through NEON_WS_PROXY, Redis (leased db) through the REST endpoint', async () => {
    const db = await leaseRedisDb();
    const { child, lines, env } = await bridges(['--postgres', 'postgres://postgres@127.0.0.1:5432/test', '--redis', `redis://127.0.0.1:6379/${db}`]);
    expect(lines).toHaveLength(4);
    expect(Object.keys(env).sort()).toEqual(['DATABASE_URL', 'KV_REST_API_TOKEN', 'KV_REST_API_URL', 'NEON_WS_PROXY']);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(env.NEON_WS_PROXY).toMatch(/^127\.0\.0\.1:\d+\/v1$/);

    expect(await queryTestDatabase(env.NEON_WS_PROXY!, 'test', 'SELECT current_database() AS db')).toEqual([{ db: 'test' }]);

    const key = `bridges-test:${randomBytes(6).toString('hex')}`;
    expect(await (await kv(env, ['SET', key, 'v', 'EX', '60'])).json()).toEqual({ result: 'OK' });
    const direct = new RespConnection(6379, '127.0.0.1', db);
    try {
      expect(String(await direct.call('GET', key))).toBe('v'); // in the leased database, not db 0
      await direct.call('DEL', key);
    } finally {
      direct.close();
    }
    expect((await kv(env, ['PING'], 'wrong-token')).status).toBe(401);

    interrupt(child);
    await stopped(child);
    expect(await listening(Number(new URL(env.KV_REST_API_URL!).port))).toBe(false);
    expect(await listening(Number(env.NEON_WS_PROXY!.split(/[:/]/)[1]))).toBe(false);
  });

  it('is enough for the shipped db:migrate and db:seed on a fresh database', async () => {
    const { child, env } = await bridges(['--postgres', 'postgres://postgres@127.0.0.1:5432/test', '--redis', 'redis://127.0.0.1:6379/0']);
    const { name, url } = await createFreshDatabase(env.NEON_WS_PROXY!);
    try {
      const run = (args: string[]) => spawnSync('npm', ['run', '-s', ...args], { env: { ...process.env, ...env, DATABASE_URL: url }, encoding: 'utf8' });
      const migrate = run(['db:migrate']);
      expect(migrate.status, migrate.stderr).toBe(0);
      const seed = run(['db:seed', '--', '--yes']);
      expect(seed.status, seed.stderr).toBe(0);
      const rows = await queryTestDatabase(env.NEON_WS_PROXY!, name, 'SELECT email, role FROM users ORDER BY email');
      expect(rows).toEqual([
        { email: 'admin@example.com', role: 'admin' },
        { email: 'user@example.com', role: 'user' },
      ]);
    } finally {
      await dropDatabase(env.NEON_WS_PROXY!, name);
      interrupt(child);
    }
  });

  it('reaches any local Redis: host, port, database number and password from the URL', async () => {
    const port = await freePort();
    const password = randomBytes(8).toString('hex');
    const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], { stdio: 'ignore', detached: true });
    started.push(redis);
    for (let i = 0; i < 50 && !(await listening(port)); i++) await new Promise((r) => setTimeout(r, 100));
    const { child, env } = await bridges(['--postgres', 'postgres://postgres@localhost:5432/test', '--redis', `redis://:${password}@localhost:${port}/3`]);
    expect(await (await kv(env, ['SET', 'k', 'in-db-3'])).json()).toEqual({ result: 'OK' });
    const direct = new RespConnection(port, '127.0.0.1', 3, password);
    try {
      expect(String(await direct.call('GET', 'k'))).toBe('in-db-3');
    } finally {
      direct.close();
    }
    expect(await queryTestDatabase(env.NEON_WS_PROXY!, 'test', 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    interrupt(child);
    interrupt(redis, 'SIGKILL');
  });

  it('refuses to start without both URLs, or when a service does not answer', async () => {
    const usage = spawnSync('npm', ['run', '-s', 'bridges', '--', '--postgres', 'postgres://postgres@127.0.0.1:5432/test'], { encoding: 'utf8' });
    expect(usage.status).toBe(1);
    expect(usage.stderr).toContain('usage: npm run bridges');
    const closed = await freePort();
    const down = spawnSync('npm', ['run', '-s', 'bridges', '--', '--postgres', `postgres://postgres@127.0.0.1:${closed}/x`, '--redis', 'redis://127.0.0.1:6379/0'], { encoding: 'utf8' });
    expect(down.status).toBe(1);
    expect(down.stderr).toContain(`PostgreSQL does not answer on 127.0.0.1:${closed}`);
    expect(down.stdout).toBe('');
  });
});
