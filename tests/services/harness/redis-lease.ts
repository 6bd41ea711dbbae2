/**
 * One logical Redis database per test process, so parallel test files never see each other's
 * keys and each can FLUSHDB its own. A lease is a key in database 0 (`SET … NX EX`), refreshed
 * while the process lives and expiring by itself when it dies.
 */
import { RespConnection, RespStatus } from './resp';

const LEASE_SECONDS = 120;
const FIRST_DB = 1;
const LAST_DB = 15;

export async function leaseRedisDb(redisPort = 6379): Promise<number> {
  const admin = new RespConnection(redisPort);
  const owner = `${process.pid}-${Date.now()}`;
  try {
    for (let db = FIRST_DB; db <= LAST_DB; db++) {
      const key = `edge-sessions:test-lease:${db}`;
      const reply = await admin.call('SET', key, owner, 'NX', 'EX', String(LEASE_SECONDS));
      if (!(reply instanceof RespStatus)) continue;
      const refresh = setInterval(() => {
        const conn = new RespConnection(redisPort);
        conn.call('SET', key, owner, 'XX', 'EX', String(LEASE_SECONDS)).catch(() => {}).finally(() => conn.close());
      }, (LEASE_SECONDS / 3) * 1000);
      refresh.unref();
      return db;
    }
  } finally {
    admin.close();
  }
  throw new Error(`no free Redis database between ${FIRST_DB} and ${LAST_DB}: too many test processes at once`);
}

export async function flushRedisDb(db: number, redisPort = 6379): Promise<void> {
  const conn = new RespConnection(redisPort, '127.0.0.1', db);
  try {
    await conn.call('FLUSHDB');
  } finally {
    conn.close();
  }
}
