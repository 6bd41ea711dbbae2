/**
 * The real-services harness for one process: the WebSocket bridge to PostgreSQL, a leased Redis
 * database and the Upstash REST endpoint in front of it. Started once, on first use; everything
 * listens on free loopback ports and stops with the process.
 */
import { randomBytes } from 'node:crypto';
import { leaseRedisDb } from './redis-lease';
import { startUpstashRest, type UpstashRestServer } from './upstash-rest';
import { startWsBridge, type WsBridge } from './ws-bridge';

export interface ServicesHarness {
  bridge: WsBridge;
  rest: UpstashRestServer;
  redisDb: number;
}

let harness: Promise<ServicesHarness> | undefined;

export function startServicesHarness(): Promise<ServicesHarness> {
  harness ??= (async () => {
    const redisDb = await leaseRedisDb();
    const [bridge, rest] = await Promise.all([
      startWsBridge(),
      startUpstashRest({ token: randomBytes(24).toString('base64url'), db: redisDb }),
    ]);
    return { bridge, rest, redisDb };
  })();
  return harness;
}

export { createFreshDatabase, dropDatabase, databaseUrlFor, freshDatabaseName, queryTestDatabase } from './postgres';
export { flushRedisDb, leaseRedisDb } from './redis-lease';
export { startUpstashRest } from './upstash-rest';
export { startWsBridge } from './ws-bridge';
