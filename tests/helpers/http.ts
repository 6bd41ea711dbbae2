/**
 * Calls a route handler as Next.js would: a real `Request` with the test's cookies, the params
 * promise, and the cookies the handler wrote captured as Set-Cookie-like state.
 */
import { enterRequest, currentRequest, finishResponse, type Surface } from './request-context';

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
  /** Leave the handler's `after()` work queued (the caller runs `finishResponse()`), to observe the response before it. */
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
  enterRequest({ cookie: options.cookie, headers, surface: 'route' as Surface });
  const request = new Request(`${ORIGIN}${options.path ?? '/'}`, { method, headers, body });
  const response = await fn(request, { params: Promise.resolve((options.params ?? {}) as P) });
  const text = await response.text();
  if (!options.holdAfterWork) await finishResponse();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json: json as Record<string, unknown> & unknown, text, cookiesWritten: new Map(currentRequest().written) };
}
