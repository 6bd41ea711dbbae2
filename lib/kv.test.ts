/**
 * The KV contract every adapter must keep: the in-process memory store always, and `@vercel/kv`
 * against real Redis (through the Upstash REST endpoint of the test harness) when the run has
 * `TEST_BACKEND=services`. Both run the same assertions on the raw adapter (no timeout wrapper),
 * plus the wrapper's own guarantees on top. Time passes for a TTL through the adapter: the memory
 * store runs on an injected clock (no sleeping, and the edge of expiry is exact); Redis keeps its own
 * clock, so only the services run waits in real time.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryKv, createVercelKv, instrument, KvUnavailableError, type Kv } from '@/lib/kv';
import { testBackend } from '@/tests/helpers/db';
import { flushRedisDb, startServicesHarness } from '@/tests/services/harness';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Adapter {
  name: string;
  create(): Promise<Kv>;
  /** Lets `ms` pass for the store's TTLs. */
  pass(ms: number): Promise<void>;
  /** The clock is ours: a key is there 1 ms before its TTL and gone at it. */
  exactClock: boolean;
}

let memoryClock = Date.UTC(2030, 0, 1);
const adapters: Adapter[] = [
  {
    name: 'memory',
    create: async () => createMemoryKv(() => memoryClock),
    pass: async (ms) => {
      memoryClock += ms;
    },
    exactClock: true,
  },
];
if (testBackend() === 'services') {
  adapters.push({
    name: '@vercel/kv → Upstash REST → Redis',
    pass: sleep,
    exactClock: false,
    async create() {
      const { rest, redisDb } = await startServicesHarness();
      await flushRedisDb(redisDb);
      return createVercelKv(rest.url, rest.token);
    },
  });
}

describe.each(adapters)('KV adapter: $name', (adapter) => {
  let kv: Kv;
  const key = (name: string) => `contract:${name}:${randomUUID()}`;

  beforeAll(async () => {
    kv = await adapter.create();
  });

  it('returns null for a missing key and reads back exactly the string written', async () => {
    expect(await kv.get(key('missing'))).toBeNull();
    // Strings that look like JSON, numbers or booleans must come back as the same strings.
    for (const value of ['plain', '{"a":1}', '123', 'true', 'null', 'héllo ✓ 𝄞', '']) {
      const k = key('roundtrip');
      expect(await kv.set(k, value)).toBe(true);
      expect(await kv.get(k)).toBe(value);
    }
  });

  it('mget answers in key order, with null for missing keys', async () => {
    const [a, b, c] = [key('a'), key('b'), key('c')];
    await kv.set(a, '1');
    await kv.set(c, '{"x":3}');
    expect(await kv.mget([a, b, c])).toEqual(['1', null, '{"x":3}']);
    expect(await kv.mget([c, a])).toEqual(['{"x":3}', '1']);
  });

  it('set nx writes only when the key is missing; a plain set overwrites', async () => {
    const k = key('nx');
    expect(await kv.set(k, 'first', { nx: true })).toBe(true);
    expect(await kv.set(k, 'second', { nx: true })).toBe(false);
    expect(await kv.get(k)).toBe('first');
    expect(await kv.set(k, 'third')).toBe(true);
    expect(await kv.get(k)).toBe('third');
  });

  it('a TTL expires the key; nx succeeds again once it expired', async () => {
    const k = key('ttl');
    expect(await kv.set(k, 'short', { ttlSeconds: 1, nx: true })).toBe(true);
    expect(await kv.get(k)).toBe('short');
    if (adapter.exactClock) {
      await adapter.pass(999);
      expect(await kv.get(k)).toBe('short');
      expect(await kv.set(k, 'not yet', { nx: true })).toBe(false);
      await adapter.pass(1);
    } else {
      await adapter.pass(1_300);
    }
    expect(await kv.get(k)).toBeNull();
    expect(await kv.mget([k])).toEqual([null]);
    expect(await kv.set(k, 'again', { nx: true })).toBe(true);
  });

  it('del removes the key and deleting a missing key is fine', async () => {
    const k = key('del');
    await kv.set(k, 'x');
    await kv.del(k);
    expect(await kv.get(k)).toBeNull();
    await expect(kv.del(key('never'))).resolves.toBeUndefined();
  });

  it('setMax only ever raises: a late or retried lower value leaves the higher one', async () => {
    const k = key('max');
    expect(await kv.setMax(k, 7, 60)).toBe(7);
    expect(await kv.get(k)).toBe('7');
    expect(await kv.setMax(k, 9, 60)).toBe(9);
    // The late write of an older version (a rolled-back change, a client retry) changes nothing.
    expect(await kv.setMax(k, 8, 60)).toBe(9);
    expect(await kv.setMax(k, 9, 60)).toBe(9);
    expect(await kv.get(k)).toBe('9');
    // A fill with NX after a miss cannot lower it either.
    expect(await kv.set(k, '3', { nx: true })).toBe(false);
    expect(await kv.get(k)).toBe('9');
  });

  it('setMax is atomic under parallel calls in any order: the largest value wins', async () => {
    const k = key('max-parallel');
    const values = Array.from({ length: 30 }, (_, i) => ((i * 7) % 30) + 1);
    await Promise.all(values.map((v) => kv.setMax(k, v, 60)));
    expect(await kv.get(k)).toBe('30');
  });

  it('setMax writes with the TTL, and a missing or expired key takes any value', async () => {
    const k = key('max-ttl');
    expect(await kv.setMax(k, 5, 1)).toBe(5);
    await adapter.pass(1_300);
    expect(await kv.get(k)).toBeNull();
    expect(await kv.setMax(k, 2, 60)).toBe(2);
    expect(await kv.get(k)).toBe('2');
  });

  it('incr starts at 1 with the TTL, keeps counting, and does not extend the TTL', async () => {
    const k = key('incr');
    expect(await kv.incr(k, 2)).toEqual({ value: 1, ttlSeconds: 2 });
    if (adapter.exactClock) await adapter.pass(1_500);
    const second = await kv.incr(k, 100);
    expect(second.value).toBe(2);
    // The TTL is set only when the key is new: a later call with a longer TTL keeps the first.
    expect(second.ttlSeconds).toBeGreaterThanOrEqual(1);
    expect(second.ttlSeconds).toBeLessThanOrEqual(2);
    if (adapter.exactClock) expect(second.ttlSeconds).toBe(1);
    expect(await kv.get(k)).toBe('2');
    await adapter.pass(adapter.exactClock ? 500 : 2_300);
    expect(await kv.get(k)).toBeNull();
    expect((await kv.incr(k, 60)).value).toBe(1);
  });

  it('incr is atomic under parallel calls: 40 calls give exactly 1..40', async () => {
    const k = key('parallel');
    const results = await Promise.all(Array.from({ length: 40 }, () => kv.incr(k, 60)));
    expect(results.map((r) => r.value).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(results.every((r) => r.ttlSeconds >= 1 && r.ttlSeconds <= 60)).toBe(true);
    expect(await kv.get(k)).toBe('40');
  });

  it('through the instrumented wrapper, values and misses are the same', async () => {
    const wrapped = instrument(kv);
    const k = key('wrapped');
    expect(await wrapped.set(k, 'v', { ttlSeconds: 30 })).toBe(true);
    expect(await wrapped.get(k)).toBe('v');
    expect(await wrapped.mget([k, key('none')])).toEqual(['v', null]);
  });
});

// Only registered on the services run: there is no wire without the real servers.
if (testBackend() === 'services') describe('the @vercel/kv adapter on the wire', () => {
  it('uses the REST endpoint: single commands, auto-pipelines and a MULTI/EXEC transaction for incr', async () => {
    const { rest, redisDb } = await startServicesHarness();
    await flushRedisDb(redisDb);
    const kv = await createVercelKv(rest.url, rest.token);
    const before = { ...rest.requests };
    await kv.set(`wire:${randomUUID()}`, 'x');
    await kv.incr(`wire:${randomUUID()}`, 10);
    const after = rest.requests;
    expect(after.single + after.pipeline - before.single - before.pipeline).toBeGreaterThanOrEqual(1);
    expect(after.multiExec - before.multiExec).toBe(1);
  });

  it('a wrong token or an unreachable endpoint is a KvUnavailableError, not a wrong answer', async () => {
    const { rest } = await startServicesHarness();
    const wrongToken = instrument(await createVercelKv(rest.url, 'not-the-token'));
    await expect(wrongToken.get('anything')).rejects.toBeInstanceOf(KvUnavailableError);
    const nowhere = instrument(await createVercelKv('http://127.0.0.1:9', rest.token));
    await expect(nowhere.get('anything')).rejects.toBeInstanceOf(KvUnavailableError);
  });
});

describe('the @vercel/kv adapter when the endpoint drops connections', () => {
  it('fails as KvUnavailableError and stops after one retry instead of retrying for seconds', async () => {
    let attempts = 0;
    // Reads the request, then hangs up: the client sees a network error, which it retries.
    const server = createServer((socket) => {
      attempts++;
      socket.once('data', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const kv = instrument(await createVercelKv(`http://127.0.0.1:${port}`, 'token'));
      await expect(kv.get('anything')).rejects.toBeInstanceOf(KvUnavailableError);
      await sleep(1_000);
      expect(attempts).toBe(2);
    } finally {
      server.close();
    }
  });
});
