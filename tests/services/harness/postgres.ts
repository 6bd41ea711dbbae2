/**
 * Fresh databases on the machine's PostgreSQL, created and dropped through the Neon driver and
 * the WebSocket bridge (no other Postgres client). Names carry their creation time so databases
 * left behind by a killed run are swept by the next one.
 */
import { randomBytes } from 'node:crypto';

const PREFIX = 'es_t_';
const STALE_MS = 60 * 60 * 1000;
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrlFor(name: string): string {
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

/** A Neon `Client` configured the way Neon documents local development behind a ws proxy. */
async function neonClient(wsProxy: string, url: string) {
  const [{ Client, neonConfig }, { default: ws }] = await Promise.all([import('@neondatabase/serverless'), import('ws')]);
  neonConfig.webSocketConstructor = ws;
  neonConfig.wsProxy = (host, port) => `${wsProxy}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
  return new Client(url);
}

async function withAdmin<T>(wsProxy: string, fn: (query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>) => Promise<T>): Promise<T> {
  const client = await neonClient(wsProxy, ADMIN_URL);
  await client.connect();
  try {
    return await fn((sql) => client.query(sql));
  } finally {
    await client.end();
  }
}

/** A unique test database name (creation time first, for the sweep). */
export function freshDatabaseName(): string {
  return `${PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
}

/** Creates an empty database with a unique name; returns its name and URL. */
export async function createFreshDatabase(wsProxy: string, name = freshDatabaseName()): Promise<{ name: string; url: string }> {
  if (!/^es_t_\d+_[0-9a-f]+$/.test(name)) throw new Error(`not a test database name: ${name}`);
  await withAdmin(wsProxy, async (query) => {
    const { rows } = await query(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
    for (const row of rows) {
      const created = Number(String(row.datname).slice(PREFIX.length).split('_')[0]);
      if (Date.now() - created > STALE_MS) await query(`DROP DATABASE IF EXISTS "${String(row.datname)}"`).catch(() => {});
    }
    await query(`CREATE DATABASE "${name}"`);
  });
  return { name, url: databaseUrlFor(name) };
}

/**
 * Drops the test databases created since `sinceMs` that nobody is connected to (a concurrent run's
 * database in use is left alone). Returns how many were dropped.
 */
export async function dropTestDatabasesSince(wsProxy: string, sinceMs: number): Promise<number> {
  return withAdmin(wsProxy, async (query) => {
    const { rows } = await query(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
    let dropped = 0;
    for (const row of rows) {
      const name = String(row.datname);
      if (Number(name.slice(PREFIX.length).split('_')[0]) < sinceMs) continue;
      await query(`DROP DATABASE IF EXISTS "${name}"`).then(
        () => dropped++,
        () => {},
      );
    }
    return dropped;
  });
}

export async function dropDatabase(wsProxy: string, name: string): Promise<void> {
  if (!name.startsWith(PREFIX)) throw new Error(`refusing to drop ${name}: not a test database`);
  await withAdmin(wsProxy, (query) => query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Runs one parameterised query in a test database (through the bridge, with the Neon driver). */
export async function queryTestDatabase(wsProxy: string, name: string, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = await neonClient(wsProxy, databaseUrlFor(name));
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
