/**
 * One vocabulary of errors with two encodings: an HTTP response (`lib/api/respond.ts`) and a form
 * state (`lib/actions/safe-action.ts`). Messages are safe to show: never a stack, a token or a hash.
 *
 * Recognised by brand, never by `instanceof`: Next.js compiles this module into the page bundle and
 * the route-handler bundle separately while the KV client and the database handle are cached on
 * `globalThis`, so an error made by one bundle's copy is not an instance of the other copy's class.
 * `Symbol.for` keys and plain `code` strings are the same in every copy.
 */
const APP_ERROR_BRAND = Symbol.for('edge-sessions.AppError');

export const KV_UNAVAILABLE = 'KV_UNAVAILABLE';
export const DEPENDENCY_UNAVAILABLE = 'DEPENDENCY_UNAVAILABLE';

/** Pages and layouts cannot answer 503 themselves: an outage sends the document here (`app/outage/route.ts`). */
export const OUTAGE_PATH = '/outage';
/** Seconds a client should wait before retrying after a 503 for a dependency outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * What Next.js sees as `error.digest` when a dependency error escapes a page, layout or server
 * action: the digest of its own `redirect(OUTAGE_PATH)` (`NEXT_REDIRECT;<type>;<url>;<status>;`),
 * so wherever the read failed the document ends on the outage page with status 503, without a
 * try/catch in every page. `lib/core/errors.test.ts` checks it with Next's own `isRedirectError`.
 * Error boundaries on the client compare against it too (`components/error-view.tsx`).
 */
export const DEPENDENCY_UNAVAILABLE_DIGEST = `NEXT_REDIRECT;replace;${OUTAGE_PATH};307;`;

export class AppError extends Error {
  readonly [APP_ERROR_BRAND] = true;
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
    /** A machine-readable reason a client acts on, sent as `code` beside `error` (`reauthentication-required`). */
    readonly clientCode?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(err: unknown): err is AppError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[APP_ERROR_BRAND] === true
    && typeof (err as { status?: unknown }).status === 'number';
}

export const unauthorized = () => new AppError(401, 'Unauthorized');
export const forbidden = (message = 'Forbidden') => new AppError(403, message);
export const notFound = (message = 'Not found') => new AppError(404, message);
export const conflict = (message: string) => new AppError(409, message);
/** Sudo mode: the sign-in's latest authentication is older than `REAUTH_WINDOW_SECONDS`. */
export const REAUTHENTICATION_REQUIRED = 'reauthentication-required';
/** The admin policy (`REQUIRE_ADMIN_MFA`): this admin's session used no second factor. */
export const MFA_ENROLLMENT_REQUIRED = 'mfa-enrollment-required';
export const reauthenticationRequired = () =>
  new AppError(403, "Confirm it's you: this needs a recent sign-in. Re-authenticate at POST /api/user/reauthenticate.", undefined, undefined, REAUTHENTICATION_REQUIRED);
export const mfaEnrollmentRequired = () =>
  new AppError(403, 'Admins must use two-step verification: set up an authenticator app or a passkey, then sign in with it.', undefined, undefined, MFA_ENROLLMENT_REQUIRED);
export const payloadTooLarge = () => new AppError(413, 'Request body too large');
export const unsupportedMediaType = () => new AppError(415, 'Content-Type must be application/json');
export const badRequest = (message = 'Malformed JSON body') => new AppError(400, message);
export const validationFailed = (issues: Record<string, string[]>) => new AppError(422, 'Validation failed', issues);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, 'Too many attempts, try again later', undefined, { 'Retry-After': String(retryAfterSeconds) });
export const serviceUnavailable = () =>
  new AppError(503, 'Service temporarily unavailable', undefined, { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) });

/** A dependency (database, KV) could not be reached: the request fails closed with a 503. */
export class DependencyUnavailableError extends AppError {
  readonly code = DEPENDENCY_UNAVAILABLE;
  /** Next.js keeps an error's own digest (messages are redacted in production); see the constant. */
  readonly digest = DEPENDENCY_UNAVAILABLE_DIGEST;
  constructor(readonly dependency: 'database' | 'kv', cause?: unknown) {
    super(503, 'Service temporarily unavailable', undefined, { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) });
    this.name = 'DependencyUnavailableError';
    this.cause = cause;
  }
}

export function isDependencyUnavailable(err: unknown): err is DependencyUnavailableError {
  return isAppError(err) && (err as { code?: unknown }).code === DEPENDENCY_UNAVAILABLE;
}

export const NOT_CONFIGURED = 'NOT_CONFIGURED';

/**
 * 503 for a feature the operator has not configured (mail without AUTH_URL or SMTP_URL in
 * production): the server says why once at the first refusal, so the per-request failure log
 * leaves it out (`lib/failure-log.ts`).
 */
export class NotConfiguredError extends AppError {
  readonly code = NOT_CONFIGURED;
  constructor(message: string) {
    super(503, message, undefined, { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) });
    this.name = 'NotConfiguredError';
  }
}

export function isNotConfigured(err: unknown): err is NotConfiguredError {
  return isAppError(err) && (err as { code?: unknown }).code === NOT_CONFIGURED;
}

/** KV failed or timed out (thrown by `lib/kv.ts`): callers fall back to the database or answer 503. */
export class KvUnavailableError extends Error {
  readonly code = KV_UNAVAILABLE;
  constructor(cause?: unknown) {
    super('KV unavailable', { cause });
    this.name = 'KvUnavailableError';
  }
}

export function isKvUnavailable(err: unknown): err is KvUnavailableError {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === KV_UNAVAILABLE;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const CONNECTION_MESSAGES =
  /PGlite is closed|Connection terminated|connect ECONNREFUSED|WebSocket|Pool (?:was|is) (?:ended|closed)|Cannot use a pool after calling end|not queryable|timeout exceeded when trying to connect/i;

/** True for errors that mean "the database is not there", as opposed to a bad query. */
export function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isDependencyUnavailable(e)) return e.dependency === 'database';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
    // A ROLLBACK cannot fail on a working connection (outside a transaction it only warns), so a
    // failed one (drizzle's `Failed query: rollback`, whatever its cause says) means the link broke.
    const query = (e as { query?: unknown }).query;
    if (typeof query === 'string' && /^\s*rollback\s*$/i.test(query)) return true;
    const message = typeof (e as { message?: unknown }).message === 'string' ? (e as { message: string }).message : '';
    if (CONNECTION_MESSAGES.test(message)) return true;
  }
  return false;
}

/** Normalises anything thrown into an AppError; unknown errors become a generic 500 (logged by the caller). */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (isKvUnavailable(err)) return new DependencyUnavailableError('kv', err);
  if (isConnectionError(err)) return new DependencyUnavailableError('database', err);
  return new AppError(500, 'Internal error');
}
