/**
 * The request a test is "in": its cookies (read and written by the code under test, like Next's
 * request cookies) and headers. `surface` decides whether cookies may be written: route handlers
 * and server actions may, a server component render may not (Next.js throws there, and so does this).
 *
 * A request started with `runInRequest` lives in an AsyncLocalStorage, as Next's own request store
 * does: two requests in flight at once (`Promise.all` of two `callRoute`s with different cookies) each
 * read and write their own cookies. Outside any request `cookies()` throws, as Next's does.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Surface = 'route' | 'action' | 'page';

export interface RequestContext {
  cookies: Map<string, string>;
  headers: Headers;
  surface: Surface;
  /** Cookies the code under test set or deleted (name → value, '' for deleted). */
  written: Map<string, string>;
  revalidated: string[];
  /** Work scheduled with Next's `after()`: run by `finishResponse()`, after the response was read. */
  afterResponse: (() => unknown)[];
}

export interface RequestOptions {
  /** `name=value; …` or a map. */
  cookie?: string | Record<string, string>;
  headers?: HeadersInit;
  surface?: Surface;
}

const storage = new AsyncLocalStorage<RequestContext>();

function newContext(options: RequestOptions): RequestContext {
  const ctx: RequestContext = { cookies: new Map(), headers: new Headers(options.headers), surface: options.surface ?? 'route', written: new Map(), revalidated: [], afterResponse: [] };
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

/** Runs `fn` inside a new request with these cookies and headers; nothing outside `fn` sees them. */
export function runInRequest<T>(options: RequestOptions, fn: (ctx: RequestContext) => Promise<T>): Promise<T> {
  const ctx = newContext(options);
  return storage.run(ctx, () => fn(ctx));
}

/** Runs `fn` inside a request that already exists (its `after()` work, once the response was read). */
export function runInContext<T>(ctx: RequestContext, fn: () => Promise<T>): Promise<T> {
  return storage.run(ctx, fn);
}

/**
 * The test's own request, in statement form: the requests after it in the test body read these cookies
 * until the next `enterRequest`. Code inside a `runInRequest` (every `callRoute`, `authGet`, `authPost`)
 * never sees it. Not for callbacks that run at the same time: give each its own `runInRequest`.
 * (Not `AsyncLocalStorage.enterWith`: a helper that enters after an `await` would not reach its caller,
 * and the test would go on silently as the previous user.)
 */
let testRequest: RequestContext | null = null;

export function enterRequest(options: RequestOptions = {}): RequestContext {
  testRequest = newContext(options);
  return testRequest;
}

export function currentRequest(): RequestContext {
  const ctx = storage.getStore() ?? testRequest;
  if (!ctx) throw new Error('`cookies` was called outside a request scope (the test entered no request: enterRequest/runInRequest).');
  return ctx;
}

function assertWritable(ctx: RequestContext) {
  if (ctx.surface === 'page') {
    throw new Error('Cookies can only be modified in a Server Action or Route Handler.');
  }
}

/** `cookies()` of `next/headers`: bound to the request it was called in, like Next's. */
export function currentCookies() {
  const ctx = currentRequest();
  return {
    get: (name: string) => (ctx.cookies.has(name) ? { name, value: ctx.cookies.get(name)! } : undefined),
    getAll: () => [...ctx.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => ctx.cookies.has(name),
    set: (name: string, value: string) => {
      assertWritable(ctx);
      ctx.cookies.set(name, value);
      ctx.written.set(name, value);
    },
    delete: (name: string) => {
      assertWritable(ctx);
      ctx.cookies.delete(name);
      ctx.written.set(name, '');
    },
  };
}

export function currentHeaders(): Headers {
  return currentRequest().headers;
}

export function recordRevalidation(path: string): void {
  currentRequest().revalidated.push(path);
}

/** Next's `after(task)`: queued on the current request, not run until `finishResponse()`. */
export function scheduleAfter(task: (() => unknown) | Promise<unknown>): void {
  currentRequest().afterResponse.push(typeof task === 'function' ? task : () => task);
}

/**
 * The response is finished: runs the request's `after()` work in order, as Next does once the
 * response was sent (an error is logged, never thrown at the client, as in Next).
 */
export async function finishResponse(ctx: RequestContext = currentRequest()): Promise<void> {
  const tasks = ctx.afterResponse.splice(0);
  for (const task of tasks) {
    try {
      await task();
    } catch (err) {
      console.error('after(): task failed', err);
    }
  }
}
