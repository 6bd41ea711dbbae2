/**
 * The topology suite's world, started once in the Playwright runner: PostgreSQL (a fresh database
 * on the machine's server, reached through the WebSocket bridge with the Neon driver), Redis (a
 * leased, flushed logical database behind the Upstash REST endpoint), three `next start` instances
 * of the one production build, and nginx in front of them terminating TLS for `app.test`.
 *
 * Tests reach the world through TOPOLOGY_STATE (ports, origin, certificate) and restart instances
 * through a small control endpoint on loopback (POST /instances/<i>/restart with the new env).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../e2e/support/playwright-shared';
import { createFreshDatabase, dropDatabase, flushRedisDb, leaseRedisDb, startUpstashRest, startWsBridge } from '../services/harness';
import { startInstance, stopInstance, type Instance } from './support/instances';
import { startProxy } from './support/proxy';
import { SERVER_NAME, type TopologyState } from './support/state';

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'edge-sessions-topology-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  const teardown = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((err: unknown) => console.error('topology teardown:', err));
    if (!process.env.TOPOLOGY_KEEP_LOGS) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const bridge = await startWsBridge();
    cleanups.push(() => bridge.close());
    const db = await createFreshDatabase(bridge.proxy);
    cleanups.push(() => dropDatabase(bridge.proxy, db.name));
    const dbEnv = { ...process.env, DATABASE_URL: db.url, NEON_WS_PROXY: bridge.proxy };
    await run('npm', ['run', '-s', 'db:migrate'], dbEnv);
    await run('npm', ['run', '-s', 'db:seed', '--', '--yes'], dbEnv);
    const redisDb = await leaseRedisDb();
    await flushRedisDb(redisDb);
    cleanups.push(() => flushRedisDb(redisDb));
    const rest = await startUpstashRest({ token: randomBytes(24).toString('base64url'), db: redisDb });
    cleanups.push(() => rest.close());

    const httpsPort = Number(process.env.TOPOLOGY_HTTPS_PORT) || (await freePort());
    const [httpPort, ...ports] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const oldSecret = randomBytes(32).toString('base64url');
    // The recipe's environment, as README.md gives it (AUTH_TRUST_HOST: nginx overwrites X-Forwarded-*).
    const baseEnv = {
      AUTH_SECRET: oldSecret,
      AUTH_TRUST_HOST: '1',
      // One admin sign-in serves the whole run: neither the admin policy nor sudo mode is what it tests.
      REQUIRE_ADMIN_MFA: '0',
      REAUTH_WINDOW_SECONDS: '86400',
      TRUSTED_CLIENT_IP_HEADER: 'x-real-ip',
      DATABASE_URL: db.url,
      NEON_WS_PROXY: bridge.proxy,
      KV_REST_API_URL: rest.url,
      KV_REST_API_TOKEN: rest.token,
      APP_COUNTERS: '1',
    };
    const instances: Instance[] = ports.map((port, index) => ({ index, port: port!, env: { ...baseEnv }, starts: 0 }));
    cleanups.push(() => Promise.all(instances.map(stopInstance)));
    const t0 = Date.now();
    await Promise.all(instances.map((i) => startInstance(i, dir)));
    const instanceStartMs = Date.now() - t0;

    const proxy = await startProxy({ dir, serverName: SERVER_NAME, httpsPort, httpPort: httpPort!, upstreams: instances.map((i) => `127.0.0.1:${i.port}`) });
    cleanups.push(() => proxy.stop());

    const control = createServer((req, res) => {
      const match = /^\/instances\/(\d)\/restart$/.exec(req.url ?? '');
      const instance = match ? instances[Number(match[1])] : undefined;
      if (req.method !== 'POST' || !instance) return void res.writeHead(404).end();
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { env } = JSON.parse(body) as { env: Record<string, string | null> };
        const next: Record<string, string> = { ...instance.env };
        for (const [k, v] of Object.entries(env)) {
          if (v === null) delete next[k];
          else next[k] = v;
        }
        instance.env = next;
        const t = Date.now();
        startInstance(instance, dir).then(
          () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ restartMs: Date.now() - t })),
          (err: unknown) => res.writeHead(500).end(String(err)),
        );
      });
    });
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => control.close(resolve)));

    const state: TopologyState = {
      publicOrigin: proxy.publicOrigin,
      httpsPort,
      httpPort: httpPort!,
      instancePorts: instances.map((i) => i.port),
      cert: proxy.cert,
      control: `http://127.0.0.1:${(control.address() as { port: number }).port}`,
      oldSecret,
      dbName: db.name,
      bridge: bridge.proxy,
    };
    process.env.TOPOLOGY_STATE = JSON.stringify(state);
    console.log(
      `topology: ${instances.length} instances (ports ${state.instancePorts.join(', ')}) started in ${instanceStartMs} ms behind nginx at ${state.publicOrigin}; ` +
        `postgres ${db.name}, redis db ${redisDb}; ready after ${Date.now() - started} ms`,
    );
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}
