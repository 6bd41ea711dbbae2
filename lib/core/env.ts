/**
 * The one place that reads `process.env`. Everything else imports `env` (Node) or the small
 * edge-safe readers below (middleware). Validated once, on first use; a bad value stops
 * start-up with a message naming the variable (see `instrumentation.ts`).
 *
 * Uses `zod/mini` so the edge gate can import the secret reader without pulling a large
 * validation bundle into the middleware.
 */
import * as z from 'zod/mini';

// Built on first use, not at module load: the edge gate imports only `readAuthSecrets`, and a
// schema constructed at the top level would be kept in its bundle (measured: 16 KB gzip).
function buildSchema() {
  const optionalUrl = z.optional(z.url({ error: 'must be a URL' }));
  const optionalText = z.optional(z.string().check(z.minLength(1)));
  return z
  .object({
    NODE_ENV: z._default(z.enum(['development', 'production', 'test']), 'development'),
    AUTH_SECRET: z.optional(z.string().check(z.minLength(32, { error: 'must be at least 32 characters (generate one with `openssl rand -base64 32`)' }))),
    AUTH_SECRET_PREVIOUS: z.optional(z.string()),
    AUTH_GITHUB_ID: optionalText,
    AUTH_GITHUB_SECRET: optionalText,
    /** A generic OpenID Connect provider: its issuer (discovery at `<issuer>/.well-known/openid-configuration`), client id and secret. */
    AUTH_OIDC_ISSUER: optionalUrl,
    AUTH_OIDC_ID: optionalText,
    AUTH_OIDC_SECRET: optionalText,
    /** The sign-in button's label (default "Single sign-on"). */
    AUTH_OIDC_NAME: z.optional(z.string().check(z.minLength(1), z.maxLength(60))),
    /** `amr` values that mean a second factor was used (comma-separated; default `mfa,otp,hwk`). */
    AUTH_OIDC_MFA_AMR: optionalText,
    /** An `acr` value that means a second factor was used (unset: `acr` is not trusted). */
    AUTH_OIDC_MFA_ACR: optionalText,
    DATABASE_URL: z.optional(z.string().check(z.regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' }))),
    KV_REST_API_URL: optionalUrl,
    KV_REST_API_TOKEN: optionalText,
    /** Local development/tests only: a WebSocket-to-TCP proxy in front of plain Postgres (Neon's documented setup). */
    NEON_WS_PROXY: z.optional(z.string()),
    PGLITE_DATA_DIR: z._default(z.string(), '.data/pglite'),
    VERCEL: z.optional(z.string()),
    /** A request header that a proxy in front of the app overwrites with the client address (see lib/client-address.ts). */
    TRUSTED_CLIENT_IP_HEADER: z.optional(z.string().check(z.toLowerCase())),
    /** "1" exposes per-request query/KV counters at /api/internal/counters (tests and the benchmark only). */
    APP_COUNTERS: z.optional(z.enum(['0', '1'])),
    /** The public origin; also the only origin of links in mail in production (see lib/mail/link-origin.ts). */
    AUTH_URL: optionalUrl,
    /** Mail through SMTP (nodemailer): `smtp://user:pass@host:587` (STARTTLS) or `smtps://…:465`. Unset → the file mailbox. */
    SMTP_URL: z.optional(z.string().check(z.regex(/^smtps?:\/\/[^\s]+$/, { error: 'must be an smtp:// or smtps:// URL' }))),
    /** The sender of every message: `Name <address>` or an address. */
    MAIL_FROM: z.optional(z.string().check(z.regex(/^[^\r\n]*@[^\r\n]*$/, { error: 'must be an email address, optionally as "Name <address>"' }))),
    /**
     * The file mailbox (each message an .eml file) when SMTP_URL is unset. Development defaults to
     * `.data/mail` (see `mailboxDir`); production writes there only when it is set explicitly.
     */
    MAIL_DIR: optionalText,
    /** "1" seeds the public demo accounts into an empty embedded database at any start (`next dev` always does). */
    SEED_DEMO_ACCOUNTS: z.optional(z.enum(['0', '1'], { error: 'must be 1 or 0' })),
    /** "1": admins need a second factor for /admin and the admin API (default: 1 in production, 0 in development and tests). */
    REQUIRE_ADMIN_MFA: z.optional(z.enum(['0', '1'], { error: 'must be 1 or 0' })),
    /** How recent an authentication sensitive actions need ("sudo mode"), in seconds (default 600). */
    REAUTH_WINDOW_SECONDS: z.optional(z.string().check(z.regex(/^[1-9][0-9]{0,6}$/, { error: 'must be a whole number of seconds (1 to 9999999)' }))),
  })
  .check(
    z.refine((e) => e.NODE_ENV !== 'production' || !!e.AUTH_SECRET, {
      error: 'AUTH_SECRET is required in production',
      path: ['AUTH_SECRET'],
    }),
    z.refine((e) => !!e.KV_REST_API_URL === !!e.KV_REST_API_TOKEN, {
      error: 'set both KV_REST_API_URL and KV_REST_API_TOKEN, or neither',
      path: ['KV_REST_API_URL'],
    }),
    z.refine((e) => !!e.AUTH_GITHUB_ID === !!e.AUTH_GITHUB_SECRET, {
      error: 'set both AUTH_GITHUB_ID and AUTH_GITHUB_SECRET, or neither',
      path: ['AUTH_GITHUB_ID'],
    }),
    z.refine((e) => !!e.AUTH_OIDC_ISSUER === !!e.AUTH_OIDC_ID && !!e.AUTH_OIDC_ID === !!e.AUTH_OIDC_SECRET, {
      error: 'set AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET together, or none of them',
      path: ['AUTH_OIDC_ISSUER'],
    }),
    z.refine((e) => !e.VERCEL || (!!e.KV_REST_API_URL && !!e.KV_REST_API_TOKEN), {
      error: 'KV_REST_API_URL and KV_REST_API_TOKEN are required on Vercel: the in-memory KV only works in one process',
      path: ['KV_REST_API_URL'],
    }),
    z.refine((e) => !e.SMTP_URL || !!e.MAIL_FROM, {
      error: 'MAIL_FROM is required with SMTP_URL: the sender address of every message',
      path: ['MAIL_FROM'],
    }),
    z.refine((e) => !e.VERCEL || !!e.SMTP_URL, {
      error: 'SMTP_URL is required on Vercel: the file mailbox cannot deliver mail there',
      path: ['SMTP_URL'],
    }),
    z.refine((e) => !e.VERCEL || !!e.AUTH_URL, {
      error: 'AUTH_URL is required on Vercel: links in mail (password reset, verification) use it and nothing a request says',
      path: ['AUTH_URL'],
    }),
    z.refine((e) => !e.VERCEL || !!e.DATABASE_URL, {
      error: 'DATABASE_URL is required on Vercel: the embedded PGlite database cannot persist there',
      path: ['DATABASE_URL'],
    }),
  );
}

export type Env = z.infer<ReturnType<typeof buildSchema>> & {
  /** Newest first: the first encrypts, all decrypt. */
  authSecrets: string[];
};

/** A development-only secret, used by `vitest` and never in production (validated above). */
const TEST_SECRET = 'test-secret-edge-sessions-0123456789abcdef';

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvError';
  }
}

/** Parses an environment object; exported so the rules above can be tested. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.safeParse(buildSchema(), cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => {
        const name = i.path.join('.') || 'environment';
        return i.message.startsWith(name) ? i.message : `${name} ${i.message}`;
      }),
    );
  }
  const data = result.data;
  const current = data.AUTH_SECRET ?? (data.NODE_ENV === 'test' ? TEST_SECRET : undefined);
  const previous = (data.AUTH_SECRET_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { ...data, authSecrets: current ? [current, ...previous] : previous };
}

/** The development mailbox default, used when MAIL_DIR is unset outside production. */
export const DEFAULT_MAIL_DIR = '.data/mail';

/**
 * Where the file mailbox writes: `MAIL_DIR` when set; outside production the development default;
 * in production nothing (mail goes to SMTP_URL or is refused, see lib/mail/transport.ts).
 */
export function mailboxDir(env: Env): string | undefined {
  return env.MAIL_DIR ?? (env.NODE_ENV === 'production' ? undefined : DEFAULT_MAIL_DIR);
}

/** Whether this start seeds the demo accounts: `next dev`, or `SEED_DEMO_ACCOUNTS=1` on any start. */
export function seedsDemoAccounts(env: Env): boolean {
  return env.SEED_DEMO_ACCOUNTS === '1' || (env.NODE_ENV === 'development' && env.SEED_DEMO_ACCOUNTS !== '0');
}

/** Whether admins need a second factor: `REQUIRE_ADMIN_MFA`, else on in production only. */
export function adminMfaRequired(env: Env): boolean {
  return env.REQUIRE_ADMIN_MFA ? env.REQUIRE_ADMIN_MFA === '1' : env.NODE_ENV === 'production';
}

export const DEFAULT_REAUTH_WINDOW_SECONDS = 600;

/** How recent an authentication a sensitive action needs (`REAUTH_WINDOW_SECONDS`, default 600). */
export function reauthWindowSeconds(env: Env): number {
  return env.REAUTH_WINDOW_SECONDS ? Number(env.REAUTH_WINDOW_SECONDS) : DEFAULT_REAUTH_WINDOW_SECONDS;
}

let cached: Env | undefined;

/** The validated environment (Node runtime). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Edge-safe: the session secrets, newest first, without validating the rest of the environment.
 * The middleware calls this; `getEnv()` has already refused a bad configuration at start-up.
 */
export function readAuthSecrets(): string[] {
  const current = process.env.AUTH_SECRET || (process.env.NODE_ENV === 'test' ? TEST_SECRET : undefined);
  const previous = (process.env.AUTH_SECRET_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return current ? [current, ...previous] : previous;
}

/** Test hook: forget the cached environment after a test changed `process.env`. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Edge-safe: whether this is a production server (HSTS, no `'unsafe-eval'` in the CSP). */
export function isProductionRuntime(): boolean {
  return process.env.NODE_ENV === 'production';
}

/**
 * What decides the public origin (`lib/core/public-origin.ts`), read without the schema so the edge
 * gate's bundle stays free of zod: each variable by name, as the edge runtime requires.
 */
export function readPublicOriginEnv(): Record<string, string | undefined> {
  return { AUTH_URL: process.env.AUTH_URL, NEXTAUTH_URL: process.env.NEXTAUTH_URL, AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST, VERCEL: process.env.VERCEL };
}

/** A Vercel build or function (Vercel sets `VERCEL`): read by next.config.ts, before any schema. */
export function isVercelRuntime(): boolean {
  return !!process.env.VERCEL;
}

/** `next dev` (where first-request work can overlap compilation). */
export function isDevelopmentRuntime(): boolean {
  return process.env.NODE_ENV === 'development';
}

/**
 * OpenTelemetry is on only where an exporter is configured: the standard OTLP variables
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`: any collector) or Vercel's
 * tracing integrations (`VERCEL_OTEL_ENDPOINTS`), and `OTEL_SDK_DISABLED` is not `true`. Off, no
 * SDK is loaded and the data access layer creates no span at all.
 */
export function readTracingEnv(): { enabled: boolean; serviceName: string } {
  const configured = !!(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.VERCEL_OTEL_ENDPOINTS);
  return { enabled: configured && process.env.OTEL_SDK_DISABLED !== 'true', serviceName: process.env.OTEL_SERVICE_NAME || 'edge-sessions' };
}
