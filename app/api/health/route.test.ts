import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET } from './route';
import { diffCounters, readCounters } from '@/lib/core/counters';
import { setDatabaseForTests } from '@/db/client';
import { setKvForTests } from '@/lib/kv';
import { failingKv, useFreshBackends, type TestBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { createTestUser } from '@/tests/helpers/users';
import { sessionCookie } from '@/tests/helpers/tokens';
import { UNTRUSTED_CLIENT_ADDRESS } from '@/lib/client-address';
import { resetEnvCache } from '@/lib/core/env';
import { warnIfClientAddressUntrusted } from '@/lib/startup';

let backends: TestBackends;

beforeAll(async () => {
  backends = await useFreshBackends();
});

const probe = { ok: expect.any(Boolean), latencyMs: expect.any(Number) };
// The test server has no trusted client-address source (no TRUSTED_CLIENT_IP_HEADER, not on Vercel).
const untrusted = { trusted: false, reason: UNTRUSTED_CLIENT_ADDRESS };

describe('GET /api/health', () => {
  it('answers 200 with exactly { db, kv } status and latency and the client-address source, uncached, without a session', async () => {
    const before = readCounters();
    const res = await callRoute(GET, { path: '/api/health' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ db: { ...probe, ok: true }, kv: { ...probe, ok: true }, clientAddress: untrusted });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.cookiesWritten.size).toBe(0);
    // Cheap: one query and one KV read, whatever the caller sends.
    expect(diffCounters(before)).toMatchObject({ dbQueries: 1, kvReads: 1, kvWrites: 0 });
  });

  it('is the same for a signed-in caller: it reveals nothing about the session or the user', async () => {
    const user = await createTestUser();
    const res = await callRoute(GET, { path: '/api/health', cookie: await sessionCookie(user) });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(['clientAddress', 'db', 'kv']);
    expect(res.text).not.toContain(user.email);
  });

  it('answers 503 with kv.ok false when the KV is down, db still ok', async () => {
    setKvForTests(failingKv());
    try {
      const res = await callRoute(GET, { path: '/api/health' });
      expect(res.status).toBe(503);
      expect(res.json).toEqual({ db: { ...probe, ok: true }, kv: { ...probe, ok: false }, clientAddress: untrusted });
      expect(res.text).not.toMatch(/ECONNREFUSED|outage/);
    } finally {
      setKvForTests(backends.kv);
    }
  });

  it('answers 503 with db.ok false when the database is down, and no error text', async () => {
    const spare = await useFreshBackends();
    await spare.database.close();
    try {
      const res = await callRoute(GET, { path: '/api/health' });
      expect(res.status).toBe(503);
      expect(res.json).toEqual({ db: { ...probe, ok: false }, kv: { ...probe, ok: true }, clientAddress: untrusted });
      expect(Object.keys(res.json.db as object).sort()).toEqual(['latencyMs', 'ok']);
    } finally {
      setDatabaseForTests(backends.database);
      setKvForTests(backends.kv);
    }
  });
});

describe('the client-address source (issue 21, finding 7)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    resetEnvCache();
  });

  it('reports trusted once a proxy header is configured, or on Vercel', async () => {
    vi.stubEnv('TRUSTED_CLIENT_IP_HEADER', 'x-client-ip');
    resetEnvCache();
    expect((await callRoute(GET, { path: '/api/health' })).json.clientAddress).toEqual({ trusted: true });
  });

  it('a production start without one says so once in the log', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('AUTH_SECRET', 'a-production-secret-of-at-least-32-characters');
    resetEnvCache();
    warnIfClientAddressUntrusted();
    warnIfClientAddressUntrusted();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('per-client limits are off');
  });
});
