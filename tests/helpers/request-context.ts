/**
 * The request a test is "in": its cookies (read and written by the code under test, like Next's
 * request cookies) and headers. `surface` decides whether cookies may be written: route handlers
 * and server actions may, a server component render may not (Next.js throws there, and so does this).
 */
export type Surface = 'route' | 'action' | 'page';

interface Ctx {
  cookies: Map<string, string>;
  headers: Headers;
  surface: Surface;
  /** Cookies the code under test set or deleted (name → value, '' for deleted). */
  written: Map<string, string>;
  revalidated: string[];
  /** Work scheduled with Next's `after()`: run by `finishResponse()`, after the response was read. */
  afterResponse: (() => unknown)[];
}

let ctx: Ctx = fresh();

function fresh(): Ctx {
  return { cookies: new Map(), headers: new Headers(), surface: 'route', written: new Map(), revalidated: [], afterResponse: [] };
}

/** Starts a new request with these cookies (`name=value; …` or a map) and headers. */
export function enterRequest(options: { cookie?: string | Record<string, string>; headers?: HeadersInit; surface?: Surface } = {}): Ctx {
  ctx = fresh();
  ctx.surface = options.surface ?? 'route';
  ctx.headers = new Headers(options.headers);
  const cookie = options.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const i = part.indexOf('=');
      if (i > 0) ctx.cookies.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
    }
  } else if (cookie) {
    for (const [k, v] of Object.entries(cookie)) ctx.cookies.set(k, v);
  }
  // `headers()` keeps the raw header as sent (duplicates too, like a real request); the map above
  // keeps the last value of a name, as Next's `cookies()` does.
  if (typeof cookie === 'string' && cookie) ctx.headers.set('cookie', cookie);
  else if (ctx.cookies.size) ctx.headers.set('cookie', [...ctx.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
  return ctx;
}

export function currentRequest(): Ctx {
  return ctx;
}

function assertWritable() {
  if (ctx.surface === 'page') {
    throw new Error('Cookies can only be modified in a Server Action or Route Handler.');
  }
}

export function currentCookies() {
  return {
    get: (name: string) => (ctx.cookies.has(name) ? { name, value: ctx.cookies.get(name)! } : undefined),
    getAll: () => [...ctx.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => ctx.cookies.has(name),
    set: (name: string, value: string) => {
      assertWritable();
      ctx.cookies.set(name, value);
      ctx.written.set(name, value);
    },
    delete: (name: string) => {
      assertWritable();
      ctx.cookies.delete(name);
      ctx.written.set(name, '');
    },
  };
}

export function currentHeaders(): Headers {
  return ctx.headers;
}

export function recordRevalidation(path: string): void {
  ctx.revalidated.push(path);
}

/** Next's `after(task)`: queued on the current request, not run until `finishResponse()`. */
export function scheduleAfter(task: (() => unknown) | Promise<unknown>): void {
  ctx.afterResponse.push(typeof task === 'function' ? task : () => task);
}

/**
 * The response is finished: runs the request's `after()` work in order, as Next does once the
 * response was sent (an error is logged, never thrown at the client, as in Next).
 */
export async function finishResponse(): Promise<void> {
  const tasks = ctx.afterResponse.splice(0);
  for (const task of tasks) {
    try {
      await task();
    } catch (err) {
      console.error('after(): task failed', err);
    }
  }
}
