/**
 * Redirect targets are resolved against our own origin: anything that would leave it (absolute
 * foreign URLs, protocol-relative, backslash tricks, encoded variants, `javascript:`/`data:`)
 * falls back to the default. Returns a path (`/x?y#z`), never an absolute URL.
 */
export const DEFAULT_AFTER_SIGN_IN = '/dashboard';

const BASE = 'http://edge-sessions.invalid';

export function safeRedirectPath(target: unknown, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return fallback;
  // Only plain local paths: one leading slash, no backslashes or control characters anywhere
  // (browsers treat `\` as `/`, so `/\evil.com` is protocol-relative).
  if (!target.startsWith('/') || target.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(target)) return fallback;
  let decoded = target;
  try {
    // Catch encoded variants (`/%2F%2Fevil.com`, `/%5Cevil.com`) by decoding until stable.
    for (let i = 0; i < 3; i++) {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    }
  } catch {
    return fallback;
  }
  if (decoded.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A same-origin absolute URL for Auth.js's `redirect` callback, or the fallback on `baseUrl`. */
export function safeRedirectUrl(url: string, baseUrl: string, fallback = DEFAULT_AFTER_SIGN_IN): string {
  const base = new URL(baseUrl);
  let candidate = url;
  if (!url.startsWith('/')) {
    try {
      const parsed = new URL(url);
      if (parsed.origin !== base.origin) return new URL(fallback, base).toString();
      candidate = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    } catch {
      return new URL(fallback, base).toString();
    }
  }
  return new URL(safeRedirectPath(candidate, fallback), base).toString();
}
