/**
 * The real services for `playwright.services.config.ts`, as one long-running process:
 * the WebSocket bridge to PostgreSQL, a fresh database migrated with `npm run db:migrate` and
 * seeded with `npm run db:seed -- --yes` (the shipped commands), then the Upstash REST endpoint
 * over a leased, flushed Redis database. The REST endpoint listens LAST, so Playwright's
 * readiness probe on it means everything is ready.
 *
 * Ports, database name and token come from the config (SERVICES_* variables). Stops on
 * SIGTERM/SIGINT or when its parent goes away, dropping the database it created.
 */
import { spawn } from 'node:child_process';
import { createFreshDatabase, dropDatabase, flushRedisDb, leaseRedisDb, startUpstashRest, startWsBridge } from './harness';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (playwright.services.config.ts sets it)`);
  return value;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

const bridge = await startWsBridge({ port: Number(required('SERVICES_BRIDGE_PORT')) });
const { name, url } = await createFreshDatabase(bridge.proxy, required('SERVICES_DB_NAME'));
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await dropDatabase(bridge.proxy, name).catch(() => {});
  await bridge.close().catch(() => {});
  process.exit(code);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop(0);
}, 1_000);

try {
  const env = { ...process.env, DATABASE_URL: url, NEON_WS_PROXY: bridge.proxy };
  await run('npm', ['run', '-s', 'db:migrate'], env);
  await run('npm', ['run', '-s', 'db:seed', '--', '--yes'], env);
  const redisDb = await leaseRedisDb();
  await flushRedisDb(redisDb);
  const rest = await startUpstashRest({ token: required('SERVICES_KV_TOKEN'), db: redisDb, port: Number(required('SERVICES_KV_PORT')) });
  console.log(`services: postgres ${name} via ws://${bridge.proxy}, redis db ${redisDb} via ${rest.url}`);
} catch (err) {
  console.error('services: failed to start:', err);
  await stop(1);
}
