/**
 * Calls a route handler as Next.js would: a real `Request` with the test's cookies, the params
 * promise, and the cookies the handler wrote captured as Set-Cookie-like state. Each call is its own
 * request (AsyncLocalStorage): calls in flight together never see each other's cookies.
 */
import { finishResponse, runInContext, runInRequest } from './request-context';

export const ORIGIN = 'http://localhost:3000';

type RouteFn<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

export interface CallOptions<P> {
  method?: string;
  path?: string;
  cookie?: string;
  headers?: Record<string, string>;
  /** JSON-encoded unless a string (sent as is). */
  body?: unknown;
  params?: P;
  /** Leave the handler's `after()` work queued (the caller runs the result's `finishResponse()`), to observe the response before it. */
  holdAfterWork?: boolean;
}

export async function callRoute<P = Record<string, string>>(fn: RouteFn<P>, options: CallOptions<P> = {}) {
  const method = options.method ?? 'GET';
  // A real server always has a Host (Node answers 400 without one); the public origin comes from it.
  const headers: Record<string, string> = { host: new URL(ORIGIN).host, ...(options.headers ?? {}) };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  if (options.cookie) headers.cookie = options.cookie;
  const request = new Request(`${ORIGIN}${options.path ?? '/'}`, { method, headers, body });
  const { response, written, ctx } = await runInRequest({ cookie: options.cookie, headers, surface: 'route' }, async (ctx) => ({
    response: await fn(request, { params: Promise.resolve((options.params ?? {}) as P) }),
    written: ctx.written,
    ctx,
  }));
  // Next runs `after()` work once the response is sent; here once it was read, unless held.
  const finish = () => runInContext(ctx, () => finishResponse(ctx));
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!options.holdAfterWork) await finish();
  return { status: response.status, headers: response.headers, json: json as Record<string, unknown> & unknown, text, cookiesWritten: new Map(written), finishResponse: finish };
}
