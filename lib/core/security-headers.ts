/**
 * Security headers (edge-safe, no imports): the page Content Security Policy with a per-request
 * nonce, and the static headers every response carries (also set by `next.config.ts` for the
 * responses the middleware does not see).
 */

/** Static headers for every response; HSTS only in production (browsers ignore it over http). */
export function staticSecurityHeaders(production: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };
  if (production) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}

/** A fresh nonce (128 random bits, base64). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The page CSP: scripts only with this request's nonce (and what they load, `strict-dynamic`),
 * no plugins, no framing, no `<base>` hijack, forms post only to us (and GitHub's OAuth page).
 * Development adds `'unsafe-eval'` (React's dev tooling) and the HMR websocket.
 */
export function pageCsp(nonce: string, production: boolean): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${production ? '' : ` 'unsafe-eval'`}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob: https://avatars.githubusercontent.com`,
    `font-src 'self' data:`,
    `connect-src 'self'${production ? '' : ' ws: wss:'}`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self' https://github.com`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** For JSON and other non-page responses: nothing may load or frame them. */
export const API_CSP = `default-src 'none'; frame-ancestors 'none'`;
