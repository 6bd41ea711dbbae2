/**
 * The KV timeout measures the dependency, not the queue: a server busy with other requests must not
 * declare KV down when its answer is already there. The answering side runs on another thread, so
 * its reply really is in the socket while this thread's event loop is blocked.
 */
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrument, isKvUnavailable, KV_TIMEOUT_MS, type Kv } from '@/lib/kv';

// A one-line-per-request echo server on its own thread: answers `value-of:<key>` at once.
const SERVER = `
const { parentPort } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer((s) => s.on('data', (d) => s.write('value-of:' + String(d).trim() + '\\n')));
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

function busyWait(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // The event loop is blocked, as on a saturated server.
  }
}

function socketKv(socket: Socket): Kv {
  const unsupported = () => Promise.reject(new Error('not used'));
  return {
    get: (key) =>
      new Promise((resolve) => {
        socket.once('data', (d) => resolve(String(d).trim()));
        socket.write(`${key}\n`);
      }),
    mget: unsupported,
    set: unsupported,
    del: unsupported,
    setMax: unsupported,
    incr: unsupported,
  };
}

describe('KV timeout under event-loop lag', () => {
  let worker: Worker;
  let socket: Socket;

  beforeAll(async () => {
    worker = new Worker(SERVER, { eval: true });
    const port = await new Promise<number>((resolve) => worker.once('message', resolve));
    socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
  });

  afterAll(async () => {
    socket.destroy();
    await worker.terminate();
  });

  it('an answer that arrived while the loop was blocked past the timeout is used, not reported as unavailable', async () => {
    const kv = instrument(socketKv(socket));
    const pending = kv.get('k1');
    busyWait(KV_TIMEOUT_MS * 2);
    await expect(pending).resolves.toBe('value-of:k1');
  });

  it('an adapter that never answers still times out as unavailable', async () => {
    const kv = instrument({ ...socketKv(socket), get: () => new Promise<string | null>(() => {}) });
    const outcome = await kv.get('k2').then(() => 'answered', (err: unknown) => err);
    expect(isKvUnavailable(outcome)).toBe(true);
  });

  it('an adapter that never answers times out even when the loop keeps lagging (bounded wait)', async () => {
    const kv = instrument({ ...socketKv(socket), get: () => new Promise<string | null>(() => {}) });
    const lagging = setInterval(() => busyWait(60), 70);
    try {
      const outcome = await kv.get('k3').then(() => 'answered', (err: unknown) => err);
      expect(isKvUnavailable(outcome)).toBe(true);
    } finally {
      clearInterval(lagging);
    }
  });
});
