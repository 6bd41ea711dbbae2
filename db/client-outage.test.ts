/**
 * A database that goes away under the app: every query and transaction fails as the branded
 * outage error (503 / outage page / form message, never a 500), and a Neon connection that
 * dies while checked out never becomes an `uncaughtException`.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, setDatabaseForTests, type DatabaseHandle } from '@/db/client';
import { countProductsForOwner } from '@/db/queries/product-lists';
import { users } from '@/db/schema';
import { isDependencyUnavailable, toAppError } from '@/lib/core/errors';
import { startWsBridge } from '@/tests/services/harness';

let handle: DatabaseHandle | undefined;
afterEach(async () => {
  setDatabaseForTests(undefined);
  // A pool whose server vanished mid-query may never finish ending; the test does not wait for it.
  await Promise.race([handle?.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  handle = undefined;
});

describe('database unreachable (PGlite closed under the app)', () => {
  it('page reads, writes and transactions fail as the dependency error; a bad query does not', async () => {
    handle = await openDatabase({ pgliteDataDir: 'memory://' });
    setDatabaseForTests(handle);
    const { db } = handle;
    // A bad query on a working database stays a bug (500), not an outage.
    const bad = await db.execute(sql`select * from no_such_table`).catch((err: unknown) => err);
    expect(isDependencyUnavailable(bad)).toBe(false);
    expect(toAppError(bad).status).toBe(500);

    await handle.close();
    for (const attempt of [
      () => countProductsForOwner('00000000-0000-0000-0000-000000000000'),
      () => db.select().from(users).limit(1),
      () => db.query.users.findFirst(),
      () => db.transaction(async (tx) => tx.select().from(users)),
    ]) {
      const err = await attempt().then(() => 'resolved', (e: unknown) => e);
      expect(isDependencyUnavailable(err)).toBe(true);
      expect(toAppError(err)).toMatchObject({ status: 503, headers: { 'Retry-After': expect.any(String) } });
    }
  });
});

/** Just enough of PostgreSQL's wire protocol to accept a connection, then hang up mid-query. */
function startDyingPostgres() {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    let started = false;
    socket.on('error', () => {});
    socket.on('data', () => {
      if (!started) {
        started = true;
        // AuthenticationOk, then ReadyForQuery (idle).
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]));
        return;
      }
      socket.destroy(); // the server "stops" while the query is in flight
    });
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('Neon pool: the server stops while a connection is checked out', () => {
  it('the query fails as the dependency error and nothing reaches uncaughtException', async () => {
    const postgres = startDyingPostgres();
    const pgPort = await postgres.listen();
    const bridge = await startWsBridge({ pgPort });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      handle = await openDatabase({ databaseUrl: `postgres://app:secret@127.0.0.1:${pgPort}/app`, neonWsProxy: bridge.proxy });
      const inTransaction = await handle.db.transaction(async (tx) => tx.execute(sql`select 1`)).then(() => 'resolved', (e: unknown) => e);
      const plain = await handle.db.execute(sql`select 1`).then(() => 'resolved', (e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200)); // let late 'error' events fire
      expect(isDependencyUnavailable(inTransaction)).toBe(true);
      expect(isDependencyUnavailable(plain)).toBe(true);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await bridge.close();
      await postgres.close();
    }
  });
});
