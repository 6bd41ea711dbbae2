/**
 * OpenTelemetry on the production build: a second `next start` of the same build with the standard
 * OTLP variables pointing at a receiver on loopback (OTLP/HTTP, JSON), its KV a real Redis behind
 * the Upstash REST endpoint. The spans a signed-in request, a revoked token and a KV outage produce
 * are read back from what the server exported, and none of them carries an email, a name, a token
 * or an address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { ApiClient } from '../../e2e/support/api-client';
import { freePort } from '../../e2e/support/playwright-shared';
import { flushRedisDb, leaseRedisDb, startUpstashRest } from '../harness';

interface OtlpValue { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean }
interface ExportedSpan {
  name: string;
  attributes: Record<string, string | number | boolean>;
  events: { name: string; attributes: Record<string, string | number | boolean> }[];
}

const valueOf = (v: OtlpValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.doubleValue ?? v.boolValue ?? ''));
const attributesOf = (list: { key: string; value: OtlpValue }[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** An OTLP/HTTP JSON receiver: every span any export delivered, flattened. */
function startReceiver(): Promise<{ server: Server; url: string; spans: ExportedSpan[] }> {
  const spans: ExportedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        for (const rs of body.resourceSpans ?? []) {
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              spans.push({ name: s.name, attributes: attributesOf(s.attributes), events: (s.events ?? []).map((e: { name: string; attributes?: [] }) => ({ name: e.name, attributes: attributesOf(e.attributes) })) });
            }
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, spans })));
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let rest: Awaited<ReturnType<typeof startUpstashRest>>;
let redisDb: number;
let app: ChildProcess;
let baseURL: string;
let dataDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  receiver = await startReceiver();
  redisDb = await leaseRedisDb();
  rest = await startUpstashRest({ token: randomBytes(24).toString('base64url'), db: redisDb });
  const port = await freePort();
  baseURL = `http://localhost:${port}`;
  dataDir = mkdtempSync(path.join(tmpdir(), 'edge-sessions-otel-'));
  const { DATABASE_URL: _db, NEON_WS_PROXY: _ws, ...inherited } = process.env;
  app = spawn('npx', ['next', 'start', '-p', String(port)], {
    env: {
      ...inherited,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      PGLITE_DATA_DIR: path.join(dataDir, 'pglite'),
      MAIL_DIR: path.join(dataDir, 'mail'),
      KV_REST_API_URL: rest.url,
      KV_REST_API_TOKEN: rest.token,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: 'ignore',
  });
  await expect.poll(async () => (await fetch(`${baseURL}/login`).catch(() => null))?.status ?? 0, { timeout: 90_000 }).toBe(200);
});

test.afterAll(async () => {
  app?.kill('SIGTERM');
  receiver?.server.close();
  await rest?.close().catch(() => {});
  if (redisDb !== undefined) await flushRedisDb(redisDb).catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const sessionSpans = () => receiver.spans.filter((s) => s.name === 'auth.session');

/** Waits until the server has exported a decision span matching `match` and returns it. */
async function decisionSpan(match: (s: ExportedSpan) => boolean): Promise<ExportedSpan> {
  await expect.poll(() => sessionSpans().some(match), { timeout: 15_000 }).toBe(true);
  return sessionSpans().find(match)!;
}

async function signedInClient(tag: string) {
  const client = new ApiClient(baseURL);
  const user = { name: `Otto ${tag} Telemetry`, email: `otel-${tag}-${Date.now()}@example.test`, password: 'otel-password-1' };
  const registered = await client.fetch('/api/register', { method: 'POST', json: user, headers: { origin: baseURL } });
  expect(registered.status).toBe(201);
  expect((await client.signIn(user.email, user.password)).status).toBe(302);
  expect(client.sessionToken).toBeTruthy();
  return { client, user };
}

function expectNothingPersonal(user: { name: string; email: string }, token: string) {
  const text = JSON.stringify(receiver.spans);
  expect(text).not.toContain(user.email);
  expect(text).not.toContain(user.name);
  expect(text).not.toContain(token.slice(0, 40));
  for (const s of sessionSpans()) expect(JSON.stringify(s)).not.toMatch(/\b127\.0\.0\.1\b|::1|::ffff:/);
}

test('a signed-in request: one decision span, fresh from KV with no database read, the gate not involved on /api', async () => {
  const { client, user } = await signedInClient('fresh');
  expect((await client.fetch('/api/user')).status).toBe(200); // may fill the marker (one database read)
  expect((await client.fetch('/api/user')).status).toBe(200); // the steady state
  const span = await decisionSpan((s) => s.attributes['auth.decision'] === 'fresh' && s.attributes['auth.db_reads'] === 0);
  expect(typeof span.attributes['auth.kv_ms']).toBe('number');
  expect(span.attributes['auth.gate']).toBe('not-gated');
  expect(span.events).toEqual([]);

  // A protected page the edge gate let through says so.
  const page = await client.fetch('/dashboard');
  expect(page.status).toBe(200);
  await decisionSpan((s) => s.attributes['auth.gate'] === 'pass' && s.attributes['auth.decision'] === 'fresh');
  expectNothingPersonal(user, client.sessionToken!);
});

test('a revoked token: the decision span says revoked after one database read', async () => {
  const { client, user } = await signedInClient('revoked');
  const oldCookie = client.cookieHeader;
  const token = client.sessionToken!;
  expect((await client.fetch('/api/user/sessions', { method: 'DELETE', headers: { origin: baseURL } })).status).toBe(204);
  const replay = await fetch(`${baseURL}/api/user`, { headers: { cookie: oldCookie } });
  expect(replay.status).toBe(401);
  const span = await decisionSpan((s) => s.attributes['auth.decision'] === 'revoked');
  expect(span.attributes['auth.db_reads']).toBe(1);
  expectNothingPersonal(user, token);
});

test('a KV outage: the request is decided by the database and the span carries the outage as an event', async () => {
  const { client, user } = await signedInClient('outage');
  expect((await client.fetch('/api/user')).status).toBe(200);
  await rest.close(); // the KV endpoint is gone: connections are refused
  expect((await client.fetch('/api/user')).status).toBe(200);
  const span = await decisionSpan((s) => s.events.some((e) => e.name === 'dependency.unavailable' && e.attributes['auth.dependency'] === 'kv'));
  expect(['fresh', 'stale']).toContain(span.attributes['auth.decision']);
  expect(span.attributes['auth.db_reads']).toBe(1);
  expectNothingPersonal(user, client.sessionToken!);
});
