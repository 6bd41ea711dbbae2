/**
 * A local endpoint speaking the Upstash Redis REST protocol that `@upstash/redis` (under
 * `@vercel/kv`) uses, forwarding to a real Redis:
 *
 * - `POST /` with a JSON array `["SET", "k", "v"]` → `{ result }`, or 400 `{ error }`.
 * - `POST /pipeline` with an array of commands → `[{ result } | { error }, …]` (not atomic).
 * - `POST /multi-exec` → the same shape, run inside MULTI/EXEC (atomic); a command Redis
 *   refuses to queue aborts the whole transaction with 400 `{ error }`.
 * - `Upstash-Encoding: base64` → every string in a result is base64 (status `OK` stays as is,
 *   which is what the client expects), numbers and nulls unchanged.
 * - `Authorization: Bearer <token>` must match, else 401 `{ error }`.
 *
 * The server listens on a free loopback port and never keeps the process alive.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RespConnection, RespError, RespStatus, type RespValue } from './resp';

export interface UpstashRestOptions {
  token: string;
  redisPort?: number;
  /** Default 127.0.0.1. */
  redisHost?: string;
  /** Redis AUTH password, if the server requires one. */
  redisPassword?: string;
  /** Logical Redis database the endpoint serves (one per test file, see `leaseRedisDb`). */
  db?: number;
  /** Connections to Redis, used round-robin so parallel requests really run in parallel. */
  connections?: number;
  /** Default: a free port. */
  port?: number;
}

export interface UpstashRestServer {
  url: string;
  token: string;
  /** Requests answered so far, by endpoint (lets a test prove which path the client took). */
  requests: { single: number; pipeline: number; multiExec: number };
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

type Json = null | number | string | Json[];

function toJson(value: RespValue, base64: boolean): Json {
  if (value === null || typeof value === 'number') return value;
  if (value instanceof RespStatus) return base64 && value.value !== 'OK' ? Buffer.from(value.value).toString('base64') : value.value;
  if (Buffer.isBuffer(value)) return base64 ? value.toString('base64') : value.toString('utf8');
  if (value instanceof RespError) return value.message;
  return value.map((v) => toJson(v, base64));
}

function entry(value: RespValue, base64: boolean): { result: Json } | { error: string } {
  return value instanceof RespError ? { error: value.message } : { result: toJson(value, base64) };
}

function isCommand(value: unknown): value is (string | number | boolean)[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    typeof value[0] === 'string' &&
    value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
  );
}

const asArgs = (cmd: (string | number | boolean)[]) => cmd.map(String);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startUpstashRest(options: UpstashRestOptions): Promise<UpstashRestServer> {
  const pool = Array.from({ length: options.connections ?? 4 }, () => new RespConnection(options.redisPort ?? 6379, options.redisHost ?? '127.0.0.1', options.db ?? 0, options.redisPassword));
  let turn = 0;
  const nextConnection = () => pool[turn++ % pool.length]!;
  const requests = { single: 0, pipeline: 0, multiExec: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${options.token}`) return send(res, 401, { error: 'Unauthorized' });
    if (req.method !== 'POST') return send(res, 405, { error: 'Method not allowed' });
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { error: 'ERR failed to parse command' });
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';

    if (path === '/') {
      if (!isCommand(body)) return send(res, 400, { error: 'ERR failed to parse command' });
      requests.single++;
      const [reply] = await nextConnection().batch([asArgs(body)]);
      if (reply instanceof RespError) return send(res, 400, { error: reply.message });
      return send(res, 200, { result: toJson(reply ?? null, base64) });
    }

    if (path === '/pipeline' || path === '/multi-exec') {
      if (!Array.isArray(body) || body.length === 0 || !body.every(isCommand)) {
        return send(res, 400, { error: 'ERR failed to parse pipeline request' });
      }
      const commands = (body as (string | number | boolean)[][]).map(asArgs);
      if (path === '/pipeline') {
        requests.pipeline++;
        const replies = await nextConnection().batch(commands);
        return send(res, 200, replies.map((r) => entry(r, base64)));
      }
      requests.multiExec++;
      const replies = await nextConnection().batch([['MULTI'], ...commands, ['EXEC']]);
      const exec = replies[replies.length - 1] ?? null;
      if (exec instanceof RespError || exec === null || !Array.isArray(exec)) {
        const queued = replies.slice(1, -1).find((r) => r instanceof RespError);
        const message = queued instanceof RespError ? queued.message : exec instanceof RespError ? exec.message : 'EXECABORT Transaction discarded';
        return send(res, 400, { error: message });
      }
      return send(res, 200, exec.map((r) => entry(r, base64)));
    }

    return send(res, 404, { error: 'Not found' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: err instanceof Error ? err.message : String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of pool) c.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
