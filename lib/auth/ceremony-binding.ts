/**
 * Binds server-side ceremony state (`auth_challenges`: WebAuthn challenges, a pending second
 * factor) to the browser that started it. The browser holds a random value in an HttpOnly cookie
 * (`__Host-` over https, 10 minutes); the database keeps only its SHA-256. A challenge taken from
 * one browser and answered from another (a foreign challenge) matches no row.
 *
 * One value serves every ceremony of the browser, so two ceremonies at once (passkey autofill
 * waiting on /login while the "Sign in with a passkey" button starts another) each keep their own
 * row and never overwrite each other.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { publicOrigin } from '@/lib/core/public-origin';

export const CEREMONY_COOKIE = 'edge-sessions.ceremony';
export const SECURE_CEREMONY_COOKIE = '__Host-edge-sessions.ceremony';
const MAX_AGE_SECONDS = 10 * 60;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const nameFor = (requestHeaders: Headers) => (publicOrigin(requestHeaders).startsWith('https:') ? SECURE_CEREMONY_COOKIE : CEREMONY_COOKIE);
const isValue = (v: string | undefined): v is string => !!v && /^[\w-]{43}$/.test(v);

/**
 * The binding hash of this browser, setting the cookie when it has none (route handlers and
 * actions only: a page render cannot write cookies).
 */
export async function ensureCeremonyBinding(): Promise<string> {
  const name = nameFor(await headers());
  const jar = await cookies();
  let value = jar.get(name)?.value;
  if (!isValue(value)) value = randomBytes(32).toString('base64url');
  // Refreshed on each ceremony so a slow user keeps the binding for the challenge's whole life.
  jar.set(name, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: name.startsWith('__Host-'), maxAge: MAX_AGE_SECONDS });
  return hash(value);
}

/** The binding hash of this browser, or null when it carries no binding cookie. */
export async function readCeremonyBinding(): Promise<string | null> {
  const value = (await cookies()).get(nameFor(await headers()))?.value;
  return isValue(value) ? hash(value) : null;
}
