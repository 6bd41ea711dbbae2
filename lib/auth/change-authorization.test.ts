/**
 * The one authorization-change path (`changeAuthorization`), on real PGlite (or the services
 * backends) and the real KV adapters, observed through what a request then decides and what it
 * costs (the counters):
 * - finding 12: a late write of an older version (a rolled-back change whose KV call timed out
 *   but landed after all) can never lower the marker, so a token revoked later is still refused;
 * - a publish that fails rolls the change back;
 * - finding 13: a serialization failure or deadlock raised by PostgreSQL inside the transaction
 *   is retried once; a second one is a 503, never a 500; other SQL errors are not retried.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { changeAuthorization, getSession, signOutEverywhere } from '@/lib/auth';
import { isDependencyUnavailable } from '@/lib/core/errors';
import { instrument, setKvForTests, type Kv } from '@/lib/kv';
import { useFreshBackends } from '@/tests/helpers/db';
import { counted } from '@/tests/helpers/freshness';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { authzKey } from './freshness';

let rawKv: Kv;

beforeAll(async () => {
  ({ rawKv } = await useFreshBackends());
});
beforeEach(() => setKvForTests(instrument(rawKv)));

async function versionOf(id: string): Promise<number> {
  const [row] = await (await getDb()).select({ v: users.authzVersion }).from(users).where(eq(users.id, id));
  return row!.v;
}

/**
 * The real adapter, except that while `hold` is on a `setMax` is parked on its way to the store:
 * the app's timeout gives up on it, and `release()` lets it land later, as a request stuck in the
 * network (or the client's retry) does.
 */
function parkingKv(kv: Kv) {
  const parked: (() => Promise<unknown>)[] = [];
  const state = { hold: false };
  const wrapped: Kv = {
    ...kv,
    get: (k) => kv.get(k),
    mget: (k) => kv.mget(k),
    set: (k, v, o) => kv.set(k, v, o),
    del: (k) => kv.del(k),
    incr: (k, t) => kv.incr(k, t),
    setMax: (k, v, t) => {
      if (!state.hold) return kv.setMax(k, v, t);
      return new Promise<number>((resolve) => parked.push(async () => resolve(await kv.setMax(k, v, t))));
    },
  };
  return { kv: instrument(wrapped), state, release: () => Promise.all(parked.splice(0).map((land) => land())) };
}

const deadlock = (errcode: string) => sql.raw(`do $$ begin raise exception 'raised by the test' using errcode = '${errcode}'; end $$`);

describe('publishing only ever raises the marker (finding 12)', () => {
  it('a late write of a rolled-back v+1 lands after v+2: the marker stays v+2 and a token v+2 revoked is refused after a database read', async () => {
    const user = await createTestUser();
    const v = user.authzVersion;
    const net = parkingKv(rawKv);
    setKvForTests(net.kv);

    // A: its publish of v+1 is stuck; the app gives up (503) and the change rolls back.
    net.state.hold = true;
    await expect(changeAuthorization(user.id, { role: 'admin' })).rejects.toMatchObject({ status: 503 });
    expect(await versionOf(user.id)).toBe(v);
    net.state.hold = false;

    // B commits v+1 (a promotion; this device gets a token of v+1), then C commits v+2 and revokes it.
    expect((await changeAuthorization(user.id, { role: 'admin' })).status).toBe('changed');
    const promoted = await sessionCookie({ ...user, role: 'admin', authzVersion: v + 1 });
    expect(await signOutEverywhere(user.id)).toBe(v + 2);

    // A's write arrives now.
    await net.release();
    expect(await rawKv.get(authzKey(user.id))).toBe(String(v + 2));
    enterRequest({ cookie: promoted });
    const { result, counts } = await counted(getSession);
    expect(result).toBeNull();
    expect(counts.dbQueries).toBe(1);
  });

  it('a publish that KV refuses rolls the change back (503): no version bump, no change', async () => {
    const user = await createTestUser();
    setKvForTests(instrument({ ...rawKv, get: rawKv.get, del: rawKv.del, setMax: () => Promise.reject(new Error('ECONNRESET (injected)')) } as Kv));
    await expect(changeAuthorization(user.id, { role: 'admin' })).rejects.toSatisfy(isDependencyUnavailable);
    const [row] = await (await getDb()).select({ v: users.authzVersion, role: users.role }).from(users).where(eq(users.id, user.id));
    expect(row).toEqual({ v: user.authzVersion, role: 'user' });
  });
});

describe('serialization failures and deadlocks are retried once (finding 13)', () => {
  it('a deadlock (40P01) raised by PostgreSQL in the first attempt: the change is made once, on the second', async () => {
    const user = await createTestUser();
    let attempts = 0;
    const outcome = await changeAuthorization(user.id, async (tx) => {
      attempts++;
      if (attempts === 1) await tx.execute(deadlock('40P01'));
      return { change: { role: 'admin' }, value: attempts };
    });
    expect(outcome).toMatchObject({ status: 'changed', value: 2 });
    expect(await versionOf(user.id)).toBe(user.authzVersion + 1);
    expect(await rawKv.get(authzKey(user.id))).toBe(String(user.authzVersion + 1));
  });

  it('a serialization failure (40001) twice: 503 with Retry-After, never a 500, and nothing written', async () => {
    const user = await createTestUser();
    let attempts = 0;
    const error = await changeAuthorization(user.id, async (tx) => {
      attempts++;
      await tx.execute(deadlock('40001'));
      return { change: { role: 'admin' }, value: undefined };
    }).catch((err: unknown) => err);
    expect(attempts).toBe(2);
    expect(error).toMatchObject({ status: 503, headers: { 'Retry-After': expect.any(String) } });
    expect(await versionOf(user.id)).toBe(user.authzVersion);
  });

  it('any other SQL error is not retried and not disguised as an outage', async () => {
    const user = await createTestUser();
    let attempts = 0;
    const error = await changeAuthorization(user.id, async (tx) => {
      attempts++;
      await tx.execute(deadlock('22012'));
      return { change: { role: 'admin' }, value: undefined };
    }).catch((err: unknown) => err);
    expect(attempts).toBe(1);
    expect(isDependencyUnavailable(error)).toBe(false);
    expect(await versionOf(user.id)).toBe(user.authzVersion);
  });
});
