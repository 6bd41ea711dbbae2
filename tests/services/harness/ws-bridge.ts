/**
 * A WebSocket-to-TCP bridge in front of one PostgreSQL (the machine's by default): what Neon documents for
 * running `@neondatabase/serverless` against plain Postgres (`neonConfig.wsProxy`, the
 * `?address=host:port` query, no TLS on either leg). Each WebSocket carries the raw Postgres wire
 * protocol of one connection, byte for byte.
 *
 * Only the configured Postgres is reachable (`?address=` naming anything else is refused), so
 * the bridge cannot be used to reach other ports. Listens on a free loopback port and never keeps
 * the process alive.
 */
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData } from 'ws';

export interface WsBridge {
  /** The value for `NEON_WS_PROXY` / `neonConfig.wsProxy` (no protocol, as Neon expects). */
  proxy: string;
  /** WebSocket connections accepted so far (lets a test prove the driver went through it). */
  connections: () => number;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether the `?address=` host names the configured Postgres host (loopback names are interchangeable). */
function isAllowedHost(host: string, pgHost: string): boolean {
  return host === pgHost || (LOOPBACK_NAMES.has(host) && LOOPBACK_NAMES.has(pgHost));
}

export async function startWsBridge(options: { pgHost?: string; pgPort?: number; port?: number } = {}): Promise<WsBridge> {
  const pgHost = options.pgHost ?? '127.0.0.1';
  const pgPort = options.pgPort ?? 5432;
  const http = createServer((_req, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ server: http, path: '/v1' });
  let accepted = 0;

  wss.on('connection', (ws, req) => {
    const address = new URL(req.url ?? '/', 'http://localhost').searchParams.get('address') ?? '';
    const sep = address.lastIndexOf(':');
    const host = address.slice(0, sep);
    const port = Number(address.slice(sep + 1));
    if (!isAllowedHost(host, pgHost) || port !== pgPort) {
      ws.close(1008, 'address not allowed');
      return;
    }
    accepted++;
    const socket = connect(pgPort, LOOPBACK_NAMES.has(pgHost) ? '127.0.0.1' : pgHost.replace(/^\[|\]$/g, ''));
    socket.setNoDelay(true);
    const pending: Buffer[] = [];
    let open = false;
    socket.on('connect', () => {
      open = true;
      for (const chunk of pending.splice(0)) socket.write(chunk);
    });
    ws.on('message', (data: RawData) => {
      const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (open) socket.write(chunk);
      else pending.push(chunk);
    });
    socket.on('data', (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
    });
    const end = () => {
      socket.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
    };
    socket.on('close', end);
    socket.on('error', end);
    ws.on('close', end);
    ws.on('error', end);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  http.unref();
  const { port } = http.address() as AddressInfo;
  return {
    proxy: `127.0.0.1:${port}/v1`,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
