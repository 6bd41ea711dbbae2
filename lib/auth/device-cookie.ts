/**
 * The device cookie of OWASP's "Slow down online guessing attacks with device cookies": a browser
 * that signed in successfully carries a signed statement "this browser signed in as <login>", with a
 * random device id, and the sign-in throttle (`./throttle.ts`) judges it on its own counter instead of
 * the account's lockout for unknown clients.
 *
 * A JWS (HS256, jose) under a key derived with HKDF-SHA256 from AUTH_SECRET for this purpose only
 * (older secrets still verify, the newest signs). A cookie with a bad signature, expired, for another
 * login, or present twice is no device at all: the browser is an unknown client.
 */
import 'server-only';
import { hkdfSync, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { cookies } from 'next/headers';
import { getEnv } from '@/lib/core/env';
import { publicOrigin } from '@/lib/core/public-origin';
import { normalizeEmail } from '@/lib/core/validation';

export const DEVICE_COOKIE = 'edge-sessions.device';
/** Over https: `__Host-` (Secure, Path=/, no Domain), so a sibling subdomain cannot plant one. */
export const SECURE_DEVICE_COOKIE = '__Host-edge-sessions.device';
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const TYPE = 'device+jwt';

const keys = new Map<string, Uint8Array>();
function keyFor(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, 'edge-sessions device cookie', 'device cookie signing key v1', 32));
    keys.set(secret, key);
  }
  return key;
}

const isSecure = (headers: Headers) => publicOrigin(headers).startsWith('https:');
const cookieName = (headers: Headers) => (isSecure(headers) ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE);

/** A new device token for `login`, signed with the newest secret. */
export async function mintDeviceToken(login: string, now = Date.now()): Promise<string> {
  const [secret] = getEnv().authSecrets;
  if (!secret) throw new Error('No AUTH_SECRET to sign the device cookie with');
  const iat = Math.floor(now / 1000);
  return new SignJWT({ login: normalizeEmail(login), device: randomBytes(16).toString('base64url') })
    .setProtectedHeader({ alg: 'HS256', typ: TYPE })
    .setIssuedAt(iat)
    .setExpirationTime(iat + DEVICE_COOKIE_MAX_AGE_SECONDS)
    .sign(keyFor(secret));
}

/** The device id of `token` when it is a valid device token for `login`, else null. */
export async function readDeviceToken(token: string | undefined, login: string, now = Date.now()): Promise<string | null> {
  if (!token || token.length > 1024) return null;
  for (const secret of getEnv().authSecrets) {
    try {
      const { payload } = await jwtVerify(token, keyFor(secret), { algorithms: ['HS256'], typ: TYPE, currentDate: new Date(now) });
      const ok = payload.login === normalizeEmail(login) && typeof payload.device === 'string' && /^[\w-]{22}$/.test(payload.device);
      return ok ? (payload.device as string) : null;
    } catch {
      // Not signed with this secret (or not a token at all): try the next one.
    }
  }
  return null;
}

/** The device cookie this request carries under the name for its origin; absent when missing or sent twice (ambiguous). */
export function deviceCookieOf(headers: Headers): string | undefined {
  const name = cookieName(headers);
  const values = (headers.get('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
  return values.length === 1 ? values[0] : undefined;
}

/** The device id of the request's browser when it is a known device of `login`. */
export async function knownDevice(headers: Headers, login: string): Promise<string | null> {
  return readDeviceToken(deviceCookieOf(headers), login);
}

/** After a successful sign-in as `login`: this response makes the browser a known device of it (a fresh id). */
export async function rememberDevice(headers: Headers, login: string): Promise<void> {
  (await cookies()).set(cookieName(headers), await mintDeviceToken(login), {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecure(headers),
    path: '/',
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  });
}
