/**
 * JSON responses for route handlers: every one is `Cache-Control: no-store` (they are personal),
 * and every error is `{ "error": "<message>" }` plus `issues` for validation.
 */
import { toAppError, type AppError } from '@/lib/core/errors';
import { logFailure } from '@/lib/failure-log';

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  for (const [k, v] of Object.entries(NO_STORE)) headers.set(k, v);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(data), { ...init, headers });
}

export function errorResponse(err: unknown): Response {
  const appError: AppError = toAppError(err);
  logFailure('route handler', err, appError);
  const body: Record<string, unknown> = { error: appError.message };
  if (appError.issues) body.issues = appError.issues;
  if (appError.clientCode) body.code = appError.clientCode;
  return json(body, { status: appError.status, headers: appError.headers });
}
