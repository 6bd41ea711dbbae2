/**
 * One vocabulary of errors with two encodings: an HTTP response (`lib/api/respond.ts`) and a form
 * state (`lib/actions/safe-action.ts`). Messages are safe to show: never a stack, a token or a hash.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthorized = () => new AppError(401, 'Unauthorized');
export const forbidden = (message = 'Forbidden') => new AppError(403, message);
export const notFound = (message = 'Not found') => new AppError(404, message);
export const conflict = (message: string) => new AppError(409, message);
export const payloadTooLarge = () => new AppError(413, 'Request body too large');
export const unsupportedMediaType = () => new AppError(415, 'Content-Type must be application/json');
export const badRequest = (message = 'Malformed JSON body') => new AppError(400, message);
export const validationFailed = (issues: Record<string, string[]>) => new AppError(422, 'Validation failed', issues);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, 'Too many attempts, try again later', undefined, { 'Retry-After': String(retryAfterSeconds) });
export const serviceUnavailable = () => new AppError(503, 'Service temporarily unavailable');

/** What an error boundary sees as `error.digest` for a dependency outage, so it can say "try again shortly". */
export const DEPENDENCY_UNAVAILABLE_DIGEST = 'DEPENDENCY_UNAVAILABLE';

/** A dependency (database, KV) could not be reached: the request fails closed with a 503. */
export class DependencyUnavailableError extends AppError {
  /** Next.js keeps an error's own digest when it reaches an error boundary (messages are redacted in production). */
  readonly digest = DEPENDENCY_UNAVAILABLE_DIGEST;
  constructor(readonly dependency: 'database' | 'kv', cause?: unknown) {
    super(503, 'Service temporarily unavailable');
    this.name = 'DependencyUnavailableError';
    this.cause = cause;
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);

/** True for errors that mean "the database is not there", as opposed to a bad query. */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
    const message = e instanceof Error ? e.message : '';
    if (/PGlite is closed|Connection terminated|connect ECONNREFUSED|WebSocket|Pool (?:was|is) (?:ended|closed)|Cannot use a pool after calling end/i.test(message)) {
      return true;
    }
  }
  return false;
}

/** Normalises anything thrown into an AppError; unknown errors become a generic 500 (logged by the caller). */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isConnectionError(err)) return new DependencyUnavailableError('database', err);
  return new AppError(500, 'Internal error');
}
