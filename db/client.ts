/**
 * The database connection: the only file that knows Neon from PGlite.
 *
 * - `DATABASE_URL` set → Neon through `@neondatabase/serverless` (WebSocket `Pool`, so
 *   transactions work) with drizzle. Migrations are applied by `npm run db:migrate`.
 * - otherwise → PGlite (real Postgres in WASM) persisted under `PGLITE_DATA_DIR`
 *   (`.data/pglite`; `memory://` keeps it in memory), migrated automatically on first use.
 *
 * Every query goes through drizzle's logger, which feeds the per-request counters, and every
 * query that cannot reach the database fails as `DependencyUnavailableError` (see below).
 */
import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger } from 'drizzle-orm/logger';
import { PgDatabase as PgDatabaseClass, PgPreparedQuery } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { countDbQuery, trackIo } from '@/lib/core/counters';
// The leaf layer (lib/core) is the only code of ours db/ may import.
import { getEnv } from '@/lib/core/env';
import { DependencyUnavailableError, isAppError, isConnectionError } from '@/lib/core/errors';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: the same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

const logger: Logger = { logQuery: () => countDbQuery() };

/**
 * One mechanism for every read and write, pages included: drizzle runs each statement (queries,
 * relational queries, `execute`, a transaction's BEGIN/COMMIT/ROLLBACK) through
 * `PgPreparedQuery#queryWithCache`, where it wraps driver errors in `DrizzleQueryError`, and opens
 * transactions in `PgDatabase#transaction` (a pool connect, PGlite's own transaction). Wrapped
 * once more here, a lost connection leaves drizzle as the branded outage error, so route handlers
 * answer 503, actions show a message and pages end on the outage page instead of a 500.
 * `db/client-outage.test.ts` proves it on a closed PGlite (and fails if drizzle renames these).
 */
type Runner = ((this: unknown, ...args: unknown[]) => Promise<unknown>) & { outageMapped?: true };
function mapOutages(prototype: object, method: string, { tracked }: { tracked: boolean }): void {
  const target = prototype as Record<string, Runner | undefined>;
  const original = target[method];
  if (typeof original !== 'function' || original.outageMapped) return;
  const mapped: Runner = async function (this: unknown, ...args: unknown[]) {
    try {
      const run = original.apply(this, args);
      return await (tracked ? trackIo(run) : run);
    } catch (err) {
      throw !isAppError(err) && isConnectionError(err) ? new DependencyUnavailableError('database', err) : err;
    }
  };
  mapped.outageMapped = true;
  target[method] = mapped;
}
// Each statement is one round trip in the counters' log (a transaction's are its statements).
mapOutages(PgPreparedQuery.prototype, 'queryWithCache', { tracked: true });
mapOutages(PgDatabaseClass.prototype, 'transaction', { tracked: false });

export interface DatabaseHandle {
  db: Db;
  kind: 'neon' | 'pglite';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  pgliteDataDir?: string;
  /** Neon local-development settings (a WebSocket proxy in front of plain Postgres). */
  neonWsProxy?: string;
}

/** Opens a database and, for PGlite, applies the committed migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openNeon(options.databaseUrl, options.neonWsProxy);
  return openPglite(options.pgliteDataDir ?? '.data/pglite');
}

async function openNeon(connectionString: string, wsProxy?: string): Promise<DatabaseHandle> {
  const [{ Pool, neonConfig }, { drizzle }, { default: ws }] = await Promise.all([
    import('@neondatabase/serverless'),
    import('drizzle-orm/neon-serverless'),
    import('ws'),
  ]);
  // Node 20 has no global WebSocket.
  neonConfig.webSocketConstructor = ws;
  if (wsProxy) {
    // Neon's documented local-development setup: a plain ws proxy in front of Postgres.
    neonConfig.wsProxy = (host, port) => `${wsProxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString, max: 10, connectionTimeoutMillis: 5_000 });
  // A client that loses its connection emits 'error'; with no listener that is an
  // uncaughtException. The pool listens on idle clients only, so checked-out clients get their own
  // listener: their query in flight rejects anyway and is answered as a 503.
  pool.on('error', () => {});
  pool.on('connect', (client: { on(event: 'error', listener: () => void): unknown }) => {
    client.on('error', () => {});
  });
  const db = drizzle({ client: pool, schema, logger }) as unknown as Db;
  return { db, kind: 'neon', close: () => pool.end() };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const inMemory = dataDir === 'memory://';
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const client = inMemory ? new PGlite() : new PGlite(dataDir);
  const db = drizzle({ client, schema, logger });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
}

// One connection per process, kept on globalThis so `next dev` reloads do not open a second
// PGlite on the same folder.
const globalForDb = globalThis as typeof globalThis & { __edgeSessionsDb?: Promise<DatabaseHandle> };

function defaultOptions(): DatabaseOptions {
  const env = getEnv();
  return { databaseUrl: env.DATABASE_URL, pgliteDataDir: env.PGLITE_DATA_DIR, neonWsProxy: env.NEON_WS_PROXY };
}

/** The process-wide database handle, opened (and migrated, on PGlite) on first use. */
export function getDatabase(): Promise<DatabaseHandle> {
  globalForDb.__edgeSessionsDb ??= openDatabase(defaultOptions()).catch((err) => {
    globalForDb.__edgeSessionsDb = undefined;
    throw err;
  });
  return globalForDb.__edgeSessionsDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Test hook: use this handle (or forget the current one) for the rest of the process. */
export function setDatabaseForTests(handle: DatabaseHandle | undefined): void {
  globalForDb.__edgeSessionsDb = handle ? Promise.resolve(handle) : undefined;
}
