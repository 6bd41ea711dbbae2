/**
 * A minimal Redis (RESP2) client over `node:net` for the test harness: enough to forward the
 * commands the Upstash REST endpoint receives to a real Redis. No dependency on purpose: the
 * harness must prove the shipped client, not another client library.
 *
 * Replies are matched to requests in order (Redis answers in order on one connection), and a
 * batch is written with ONE `socket.write`, so MULTI … EXEC from one request can never
 * interleave with another request's commands on the same connection.
 */
import { connect, type Socket } from 'node:net';

export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RespError';
  }
}

/** A status reply (`+OK`), kept apart from bulk strings because the REST encoding differs. */
export class RespStatus {
  constructor(readonly value: string) {}
}

export type RespValue = null | number | Buffer | RespStatus | RespError | RespValue[];

export function encodeCommand(args: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const b = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `offset`; returns undefined when the buffer does not hold all of it yet. */
function parseReply(buf: Buffer, offset: number): { value: RespValue; next: number } | undefined {
  const eol = buf.indexOf('\r\n', offset);
  if (eol === -1) return undefined;
  const type = String.fromCharCode(buf[offset]!);
  const line = buf.toString('utf8', offset + 1, eol);
  const after = eol + 2;
  switch (type) {
    case '+':
      return { value: new RespStatus(line), next: after };
    case '-':
      return { value: new RespError(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const len = Number(line);
      if (len === -1) return { value: null, next: after };
      if (buf.length < after + len + 2) return undefined;
      return { value: buf.subarray(after, after + len), next: after + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count === -1) return { value: null, next: after };
      const items: RespValue[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

interface Pending {
  remaining: number;
  replies: RespValue[];
  resolve(replies: RespValue[]): void;
  reject(err: Error): void;
}

export class RespConnection {
  private socket: Socket | undefined;
  private ready: Promise<void> | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private queue: Pending[] = [];

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
    /** Logical database selected on every (re)connect. */
    private readonly db = 0,
    /** Sent with AUTH on every (re)connect, before SELECT (a `redis://:password@…` URL). */
    private readonly password?: string,
  ) {}

  private open(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const socket = connect(this.port, this.host);
      socket.setNoDelay(true);
      socket.once('connect', () => {
        this.socket = socket;
        socket.unref();
        resolve();
      });
      socket.on('data', (chunk) => this.onData(chunk));
      socket.on('error', (err) => {
        this.fail(err);
        reject(err);
      });
      socket.on('close', () => this.fail(new Error('redis connection closed')));
    }).then(async () => {
      const setup: string[][] = [];
      if (this.password !== undefined) setup.push(['AUTH', this.password]);
      if (this.db !== 0) setup.push(['SELECT', String(this.db)]);
      if (setup.length === 0) return;
      const replies = await this.send(setup);
      const refused = replies.find((r) => r instanceof RespError);
      if (refused) {
        this.close();
        throw refused;
      }
    });
    return this.ready;
  }

  private fail(err: Error) {
    this.socket = undefined;
    this.ready = undefined;
    this.buffer = Buffer.alloc(0);
    const pending = this.queue;
    this.queue = [];
    for (const p of pending) p.reject(err);
  }

  private onData(chunk: Buffer) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      const head = this.queue[0];
      if (!head || offset >= this.buffer.length) break;
      const parsed = parseReply(this.buffer, offset);
      if (!parsed) break;
      offset = parsed.next;
      head.replies.push(parsed.value);
      if (--head.remaining === 0) {
        this.queue.shift();
        head.resolve(head.replies);
      }
      // Idle connections never keep the process alive; a pending reply does.
      if (this.queue.length === 0) this.socket?.unref();
    }
    this.buffer = offset >= this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
  }

  private send(commands: (string | Buffer)[][]): Promise<RespValue[]> {
    return new Promise((resolve, reject) => {
      if (!this.socket) return reject(new Error('redis not connected'));
      this.queue.push({ remaining: commands.length, replies: [], resolve, reject });
      this.socket.ref();
      this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    });
  }

  /** Sends the commands in one write and resolves with one reply per command, in order. */
  async batch(commands: (string | Buffer)[][]): Promise<RespValue[]> {
    if (commands.length === 0) return [];
    await this.open();
    return this.send(commands);
  }

  async call(...args: (string | Buffer)[]): Promise<RespValue> {
    const [reply] = await this.batch([args]);
    if (reply instanceof RespError) throw reply;
    return reply ?? null;
  }

  close(): void {
    this.socket?.destroy();
    this.fail(new Error('redis connection closed by the harness'));
  }
}
