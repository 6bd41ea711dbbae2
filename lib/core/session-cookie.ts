/**
 * The session cookie itself (edge-safe): its name, its attributes and the one rule for finding it
 * in a request. The gate, `getSession()`, Auth.js's routes and every writer use these, so all of
 * them agree on which cookie — if any — speaks for the request.
 *
 * - Over https (the public origin, `lib/core/public-origin.ts`) the cookie is
 *   `__Host-authjs.session-token`: Secure, Path=/, no Domain, so a sibling subdomain cannot set or
 *   shadow it. Over plain http (localhost, tests) it is `authjs.session-token`.
 * - The rule reads the raw `Cookie` header: Next's `request.cookies`/`cookies()` keep one value per
 *   name (the last), Auth.js's parser keeps the first, so two values must be seen before either
 *   parser collapses them. More than one session cookie (two values of one name, or two names of
 *   the family: plain, `__Secure-`, `__Host-`, Auth.js chunks `….0`) is no session at all; so is a
 *   cookie of the family under a name this origin does not use (the `__Secure-` cookie from before
 *   `__Host-`, a plain cookie over https): never accepted, cleared where a response can clear it.
 */
import { publicOrigin } from './public-origin';

/** The cookie over plain http. */
export const SESSION_COOKIE = 'authjs.session-token';
/** The cookie over https. */
export const HOST_SESSION_COOKIE = '__Host-authjs.session-token';
/** Auth.js's default over https, used before `__Host-`: no longer accepted, only cleared. */
export const LEGACY_SECURE_SESSION_COOKIE = '__Secure-authjs.session-token';

/** Whether this request is served on an https public origin (the session cookie is then `__Host-`). */
export function isSecureOrigin(headers: Headers): boolean {
  return publicOrigin(headers).startsWith('https:');
}

/** The session cookie's name on an https (`secure`) or http origin. */
export function sessionCookieName(secure: boolean): string {
  return secure ? HOST_SESSION_COOKIE : SESSION_COOKIE;
}

export interface SessionCookieAttributes {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
  maxAge?: number;
}

/**
 * The attributes of every session cookie this app (or Auth.js) writes. A cookie named `__Host-`
 * or `__Secure-` is only accepted (and only removed) by a browser with `Secure`; `__Host-` also
 * needs Path=/ and no Domain, which is why no Domain is ever set.
 */
export function sessionCookieAttributes(name: string, maxAge?: number): SessionCookieAttributes {
  const secure = name.startsWith('__Host-') || name.startsWith('__Secure-');
  return { httpOnly: true, sameSite: 'lax', path: '/', secure, ...(maxAge === undefined ? {} : { maxAge }) };
}

/** Whether a cookie name belongs to the session cookie's family (any prefix, Auth.js chunks). */
export function isSessionCookieName(name: string): boolean {
  return /^(?:__secure-|__host-)?authjs\.session-token/i.test(name);
}

interface CookiePair {
  name: string;
  value: string;
}

/** Every `name=value` of a raw `Cookie` header, in order, duplicates kept. */
function cookiePairs(header: string | null): CookiePair[] {
  if (!header) return [];
  const pairs: CookiePair[] = [];
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    let value = part.slice(i + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // kept as sent: such a value is no token of ours and is refused by the codec
    }
    if (name) pairs.push({ name, value });
  }
  return pairs;
}

/** The names of the session-family cookies a raw `Cookie` header carries (what a clear must remove). */
export function sessionCookieNamesIn(header: string | null): string[] {
  return [...new Set(cookiePairs(header).filter((p) => isSessionCookieName(p.name)).map((p) => p.name))];
}

export type FoundSessionCookie =
  /** No session cookie (an empty value alone counts as none). */
  | { kind: 'none' }
  /** Session cookies that cannot speak for the request: more than one, or a name this origin does not use. */
  | { kind: 'refused' }
  /** Exactly one cookie, under this origin's name: the token to decrypt (salt = `name`). */
  | { kind: 'one'; name: string; value: string };

/**
 * The one rule for the session cookie of a request, from its raw `Cookie` header. `secure`: the
 * public origin is https (`isSecureOrigin`).
 */
export function findSessionCookie(cookieHeader: string | null, secure: boolean): FoundSessionCookie {
  const family = cookiePairs(cookieHeader).filter((p) => isSessionCookieName(p.name));
  if (family.length === 0) return { kind: 'none' };
  if (family.length > 1) return { kind: 'refused' };
  const [only] = family as [CookiePair];
  if (!only.value) return { kind: 'none' };
  if (only.name !== sessionCookieName(secure)) return { kind: 'refused' };
  return { kind: 'one', name: only.name, value: only.value };
}

/**
 * `findSessionCookie` for Node code that may already have written the cookie in this request (a
 * server action re-renders its page with the cookies it set): the request's `cookies()` then holds
 * a value the raw header never carried, minted by this request, and that value is the session
 * (a value it deleted is none). Anything else follows the raw header's rule.
 */
export function findSessionCookieAfterWrites(
  cookieHeader: string | null,
  secure: boolean,
  jar: { get(name: string): { value: string } | undefined },
): FoundSessionCookie {
  const found = findSessionCookie(cookieHeader, secure);
  const name = sessionCookieName(secure);
  const sent = cookiePairs(cookieHeader).filter((p) => p.name === name).map((p) => p.value);
  const current = jar.get(name)?.value ?? '';
  if (current && !sent.includes(current)) return { kind: 'one', name, value: current };
  if (!current && found.kind === 'one') return { kind: 'none' };
  return found;
}

/**
 * The `Cookie` header Auth.js may see: unchanged when it carries at most one usable session
 * cookie, otherwise without any session-family cookie (Auth.js would pick the first value, or join
 * "chunks" a sibling site tossed in, and re-issue that).
 */
export function cookieHeaderForAuthJs(cookieHeader: string | null, secure: boolean): string | null {
  if (!cookieHeader || findSessionCookie(cookieHeader, secure).kind !== 'refused') return cookieHeader;
  return cookieHeader
    .split(';')
    .filter((part) => !isSessionCookieName(part.slice(0, Math.max(0, part.indexOf('='))).trim()))
    .join(';')
    .trim();
}

/**
 * A `Set-Cookie` line removing one session cookie, with the attributes it was set with (a
 * `__Host-`/`__Secure-` cookie is only removed by a line that says `Secure`).
 */
export function clearingSetCookie(name: string): string {
  const { secure } = sessionCookieAttributes(name);
  return `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
