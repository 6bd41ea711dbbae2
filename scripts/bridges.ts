/**
 * `npm run bridges -- --postgres <url> --redis <url>`: runs the app's production drivers against
 * a local PostgreSQL and Redis. Starts the WebSocket-to-TCP bridge the Neon driver needs
 * (`NEON_WS_PROXY`) and an Upstash-REST endpoint in front of Redis (`KV_REST_API_URL/TOKEN`),
 * prints one `export KEY=value` line per variable, and stays in the foreground until Ctrl-C.
 *
 * The bridges are the test harness's own (tests/services/harness): same code the services suite
 * and the chaos suite run on. Options: `--token <t>` (default: random), `--ws-port <n>` and
 * `--kv-port <n>` (default: free ports). Exits 1 when either service does not answer at start.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { RespConnection } from '../tests/services/harness/resp';
import { startUpstashRest } from '../tests/services/harness/upstash-rest';
import { startWsBridge } from '../tests/services/harness/ws-bridge';

const USAGE = 'usage: npm run bridges -- --postgres postgres://user@127.0.0.1:5432/db --redis redis://127.0.0.1:6379/0 [--token t] [--ws-port n] [--kv-port n]';

interface RedisTarget {
  host: string;
  port: number;
  db: number;
  password?: string;
}

/** `redis://[:password@]host[:port][/db]`; TLS (`rediss://`) is not something a local bridge needs. */
function parseRedisUrl(raw: string): RedisTarget {
  const url = new URL(raw);
  if (url.protocol !== 'redis:') throw new Error(`--redis must be a redis:// URL, got ${url.protocol}`);
  const db = url.pathname.replace(/^\//, '') === '' ? 0 : Number(url.pathname.slice(1));
  if (!Number.isInteger(db) || db < 0) throw new Error(`--redis database must be a number, got ${url.pathname.slice(1)}`);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  return { host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(url.port || 6379), db, password };
}

function parsePostgresUrl(raw: string): { host: string; port: number } {
  const url = new URL(raw);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error(`--postgres must be a postgres:// URL, got ${url.protocol}`);
  if (!url.hostname) throw new Error('--postgres needs a host (Unix sockets cannot be bridged)');
  return { host: url.hostname, port: Number(url.port || 5432) };
}

/** Quotes a value for a POSIX shell only when it needs it, so the common case stays copy-pasteable. */
function shellValue(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function tcpReachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host.replace(/^\[|\]$/g, ''));
    socket.setTimeout(3_000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { postgres: { type: 'string' }, redis: { type: 'string' }, token: { type: 'string' }, 'ws-port': { type: 'string' }, 'kv-port': { type: 'string' } },
  });
  if (!values.postgres || !values.redis) {
    console.error(USAGE);
    return 1;
  }
  const pg = parsePostgresUrl(values.postgres);
  const redis = parseRedisUrl(values.redis);
  if (!(await tcpReachable(pg.host, pg.port))) {
    console.error(`bridges: PostgreSQL does not answer on ${pg.host}:${pg.port}`);
    return 1;
  }
  const probe = new RespConnection(redis.port, redis.host, redis.db, redis.password);
  try {
    await probe.call('PING');
  } catch (err) {
    console.error(`bridges: Redis at ${redis.host}:${redis.port} db ${redis.db} does not answer PING: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    probe.close();
  }

  const token = values.token ?? randomBytes(24).toString('base64url');
  const bridge = await startWsBridge({ pgHost: pg.host, pgPort: pg.port, port: values['ws-port'] ? Number(values['ws-port']) : undefined });
  const rest = await startUpstashRest({
    token,
    redisHost: redis.host,
    redisPort: redis.port,
    redisPassword: redis.password,
    db: redis.db,
    port: values['kv-port'] ? Number(values['kv-port']) : undefined,
  });
  const lines = { DATABASE_URL: values.postgres, NEON_WS_PROXY: bridge.proxy, KV_REST_API_URL: rest.url, KV_REST_API_TOKEN: token };
  for (const [key, value] of Object.entries(lines)) console.log(`export ${key}=${shellValue(value)}`);
  console.error(`bridges: ready (PostgreSQL ${pg.host}:${pg.port} via ws://${bridge.proxy}, Redis ${redis.host}:${redis.port} db ${redis.db} via ${rest.url}); Ctrl-C stops`);

  // The bridges never keep a process alive on their own (they are test helpers); this one should.
  const keepAlive = setInterval(() => {}, 1 << 30);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  await Promise.all([bridge.close(), rest.close()]);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('bridges: failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
