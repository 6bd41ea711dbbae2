/**
 * Redirect targets are resolved against our own origin: anything that would leave it (absolute
 * foreign URLs, protocol-relative, backslash tricks, encoded variants, `javascript:`/`data:`)
 * falls back to the default. Returns a path (`/x?y#z`), never an absolute URL.
 *
 * The decision is made on the RESOLVED path: `new URL()` collapses dot segments (`/.//x`,
 * `/a/..//x`, `/%2e//x` all become `//x`, protocol-relative), so checking the raw string for a
 * leading `//` is not enough. Every percent-decoding of the target is resolved and checked too,
 * because whoever follows the link may decode once more before resolving.
 */
export const DEFAULT_AFTER_SIGN_IN = '/dashboard';

const BASE = 'http://edge-sessions.invalid';
// Browsers treat `\` as `/` (so `/\evil.com` is protocol-relative) and drop tabs and newlines.
const UNSAFE_CHARS = /[\\\u0000-\u001f\u007f]/;

/** The target and its percent-decodings until stable (at most 3), or null when one is malformed. */
function decodings(target: string): string[] | null {
  const variants = [target];
  try {
    for (let i = 0; i < 3; i++) {
      const next = decodeURIComponent(variants[variants.length - 1]!);
      if (next === variants[variants.length - 1]) break;
      variants.push(next);
    }
  } catch {
    return null;
  }
  return variants;
}

/** The same-origin path a local-looking string resolves to, or null when it would leave (or is not a plain path). */
function resolvedLocalPath(candidate: string): string | null {
  if (!candidate.startsWith('/') || candidate.startsWith('//') || UNSAFE_CHARS.test(candidate)) return null;
  let url: URL;
  try {
    url = new URL(candidate, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE || url.pathname.startsWith('//') || UNSAFE_CHARS.test(url.pathname)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function safeRedirectPath(target: unknown, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return fallback;
  const variants = decodings(target);
  if (variants === null || variants.some((v) => resolvedLocalPath(v) === null)) return fallback;
  const path = resolvedLocalPath(target)!;
  // What we return is what a browser resolves: it must itself be a plain local path.
  return resolvedLocalPath(path) === path ? path : fallback;
}

/** A same-origin absolute URL for Auth.js's `redirect` callback, or the fallback on `baseUrl`. */
export function safeRedirectUrl(url: string, baseUrl: string, fallback = DEFAULT_AFTER_SIGN_IN): string {
  const base = new URL(baseUrl);
  const onBase = (path: string) => new URL(path, base).toString();
  let candidate = url;
  if (!url.startsWith('/')) {
    try {
      const parsed = new URL(url);
      if (parsed.origin !== base.origin) return onBase(fallback);
      candidate = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    } catch {
      return onBase(fallback);
    }
  }
  const out = new URL(safeRedirectPath(candidate, fallback), base);
  // Belt and braces: whatever the path check decided, the URL handed to Auth.js is on our origin.
  return out.origin === base.origin ? out.toString() : onBase(fallback);
}
