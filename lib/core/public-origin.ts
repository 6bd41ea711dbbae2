/**
 * The app's public origin: the one answer for same-origin checks, redirects, `Location` headers,
 * Auth.js's URLs and absolute links. Edge-safe (the gate uses it) and free of Next.js imports.
 *
 * 1. `AUTH_URL` (or next-auth's older `NEXTAUTH_URL`) when set: the deployment says where it lives,
 *    and no request header can change it.
 * 2. Otherwise the request's `Host`, over http (`next start` only speaks http).
 * 3. `X-Forwarded-Host` / `X-Forwarded-Proto` are believed only where a proxy in front of the app
 *    overwrites them: on Vercel, or when `AUTH_TRUST_HOST` is `1`/`true` (set it only behind such a
 *    proxy). Next.js fills `X-Forwarded-*` in from the client's own headers when they are present,
 *    so without that trust they are the client's words and are ignored.
 *
 * Never derived from `request.url`: under `next start` that is `http://localhost:<port>` whatever
 * host the client used.
 */
import { readPublicOriginEnv } from './env';

export interface PublicOriginSettings {
  /** The origin of `AUTH_URL`, when set and valid. */
  fixed?: string;
  /** Whether `X-Forwarded-Host` / `X-Forwarded-Proto` come from a trusted proxy. */
  trustProxy: boolean;
}

type EnvSource = Record<string, string | undefined>;

/** Only a host name or IP literal with an optional port; anything else is not a host. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;
/** What a request without a usable `Host` gets (HTTP/1.1 servers refuse those before we run). */
const FALLBACK_HOST = 'localhost';

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes)$/i.test(value.trim());
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the settings from the environment (`lib/core/env.ts`, edge-safe). */
export function publicOriginSettings(env: EnvSource = readPublicOriginEnv()): PublicOriginSettings {
  return {
    fixed: originOf(env.AUTH_URL) ?? originOf(env.NEXTAUTH_URL),
    trustProxy: isTrue(env.AUTH_TRUST_HOST) || !!env.VERCEL,
  };
}

/** The first value of a possibly comma-separated header, if it is a plain host[:port]. */
function cleanHost(value: string | null): string | undefined {
  const first = value?.split(',')[0]?.trim();
  if (!first || first.length > 255 || !HOST.test(first)) return undefined;
  return first.toLowerCase();
}

function cleanProto(value: string | null): 'http' | 'https' | undefined {
  const first = value?.split(',')[0]?.trim().toLowerCase();
  return first === 'http' || first === 'https' ? first : undefined;
}

/** The public origin (`scheme://host[:port]`, no trailing slash) for a request with these headers. */
export function publicOrigin(headers: Headers, settings: PublicOriginSettings = publicOriginSettings()): string {
  if (settings.fixed) return settings.fixed;
  const forwardedHost = settings.trustProxy ? cleanHost(headers.get('x-forwarded-host')) : undefined;
  const forwardedProto = settings.trustProxy ? cleanProto(headers.get('x-forwarded-proto')) : undefined;
  const host = forwardedHost ?? cleanHost(headers.get('host')) ?? FALLBACK_HOST;
  try {
    return new URL(`${forwardedProto ?? 'http'}://${host}`).origin;
  } catch {
    return `http://${FALLBACK_HOST}`;
  }
}

/** An absolute URL on the public origin for a local path (`/login?x=1`). */
export function publicUrl(path: string, headers: Headers, settings?: PublicOriginSettings): URL {
  return new URL(path, publicOrigin(headers, settings));
}

/** Whether an `Origin` header names exactly our public origin (`null` and garbage never do). */
export function isPublicOrigin(origin: string, headers: Headers, settings?: PublicOriginSettings): boolean {
  // Browsers send the serialised origin (lower-case, default port omitted): compared exactly.
  return origin === publicOrigin(headers, settings);
}

/**
 * The request headers the rest of the stack should see: `X-Forwarded-Host`/`-Proto` replaced by
 * the public origin's, so Next.js's own server-action origin check and Auth.js's `signIn`/`signOut`
 * (which read those headers) agree with this module instead of believing the client.
 */
export function withPublicForwardedHeaders(headers: Headers, settings?: PublicOriginSettings): Headers {
  const url = new URL(publicOrigin(headers, settings));
  const next = new Headers(headers);
  next.set('x-forwarded-host', url.host);
  next.set('x-forwarded-proto', url.protocol.slice(0, -1));
  return next;
}
