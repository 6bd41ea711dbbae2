/**
 * One logical Redis database per test process, so parallel test files never see each other's
 * keys and each can FLUSHDB its own. A lease is a key in database 0 (`SET … NX EX`) holding the
 * owner's pid, refreshed while the process lives. A lease whose process is gone (test files end
 * quickly, one process each) is taken over at once rather than waiting for it to expire.
 */
import { RespConnection, RespStatus } from './resp';

const LEASE_SECONDS = 120;
const FIRST_DB = 1;
const LAST_DB = 15;
const TAKE_OVER = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) else return false end";

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function leaseRedisDb(redisPort = 6379): Promise<number> {
  const admin = new RespConnection(redisPort);
  const owner = `${process.pid}-${Date.now()}`;
  try {
    for (let db = FIRST_DB; db <= LAST_DB; db++) {
      const key = `edge-sessions:test-lease:${db}`;
      let reply = await admin.call('SET', key, owner, 'NX', 'EX', String(LEASE_SECONDS));
      if (!(reply instanceof RespStatus)) {
        const holder = await admin.call('GET', key);
        if (!Buffer.isBuffer(holder) || isAlive(Number(holder.toString().split('-')[0]))) continue;
        // Compare-and-set, so two processes cannot both take over the same dead lease.
        reply = await admin.call('EVAL', TAKE_OVER, '1', key, holder, owner, String(LEASE_SECONDS));
        if (!(reply instanceof RespStatus)) continue;
      }
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
