/**
 * Edge-safe codec for the Auth.js session cookie (imports only `jose` and Web Crypto).
 *
 * Auth.js's token format stays the only format: `dir` + `A256CBC-HS512` JWE under a key derived
 * with HKDF-SHA256 from the secret, salted with the cookie name, `kid` = the key's thumbprint.
 * `decodeSessionToken` accepts exactly what `next-auth/jwt`'s `decode` accepts (a test proves it);
 * the only differences are speed: keys are derived once per secret and cookie name, and tokens
 * already verified are remembered in a bounded cache that still checks expiry.
 */
import { EncryptJWT, base64url, jwtDecrypt, type JWTPayload } from 'jose';
import { isRole, type Role } from './roles';
import { isUuid } from './uuid';

/** Sliding lifetime: a token expires this long after it was last (re-)issued. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
/** A token is re-issued (sliding expiry) only once it is older than this. */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;
/** Absolute lifetime: no token outlives its sign-in (`authTime`) by more than this. */
export const SESSION_ABSOLUTE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** Same tolerance as Auth.js's `decode`. */
const CLOCK_TOLERANCE_SECONDS = 15;

export const SESSION_COOKIE = 'authjs.session-token';
export const SECURE_SESSION_COOKIE = '__Secure-authjs.session-token';
export const SESSION_COOKIE_NAMES = [SECURE_SESSION_COOKIE, SESSION_COOKIE] as const;

/**
 * The session cookie a request carries, preferring the `__Secure-` one; an empty cookie counts as
 * absent. The one rule for the gate (`request.cookies`) and the Node side (`cookies()`).
 */
export function findSessionCookie(jar: { get(name: string): { value: string } | undefined }): { name: string; value: string } | null {
  for (const name of SESSION_COOKIE_NAMES) {
    const value = jar.get(name)?.value;
    if (value) return { name, value };
  }
  return null;
}

const encoder = new TextEncoder();
type Enc = 'A256CBC-HS512' | 'A256GCM';
interface DerivedKey {
  key: Uint8Array;
  kid: string;
}

const keyCache = new Map<string, Promise<DerivedKey>>();

async function deriveKey(secret: string, salt: string, enc: Enc): Promise<DerivedKey> {
  const ikm = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
  const length = enc === 'A256CBC-HS512' ? 64 : 32;
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode(salt), info: encoder.encode(`Auth.js Generated Encryption Key (${salt})`) },
    ikm,
    length * 8,
  );
  const key = new Uint8Array(bits);
  return { key, kid: await thumbprint(key, length === 64 ? 'SHA-512' : 'SHA-256') };
}

/**
 * The key's JWK thumbprint (RFC 7638), which Auth.js puts in the header as `kid`: for an `oct` key the
 * canonical JWK is `{"k":…,"kty":"oct"}`, hashed with Web Crypto. (jose's `calculateJwkThumbprint`
 * computes the same, with code for every key type; this keeps that code out of the edge gate's bundle.
 * Tokens minted by Auth.js's own `encode` decode only if the two agree: the conformance tests prove it.)
 */
async function thumbprint(key: Uint8Array, hash: 'SHA-256' | 'SHA-512'): Promise<string> {
  const canonical = `{"k":"${base64url.encode(key)}","kty":"oct"}`;
  return base64url.encode(new Uint8Array(await crypto.subtle.digest(hash, encoder.encode(canonical))));
}

/** The derived key for one secret, cookie name and encryption, computed once per process. */
function getKey(secret: string, salt: string, enc: Enc): Promise<DerivedKey> {
  const id = `${enc}\u0000${salt}\u0000${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = deriveKey(secret, salt, enc);
    keyCache.set(id, key);
  }
  return key;
}

const now = () => Math.floor(Date.now() / 1000);

/**
 * Encrypts a payload exactly as Auth.js's `encode` does (newest secret encrypts): the app mints
 * every re-issued cookie with it, and a test proves Auth.js's `decode` reads the result.
 */
export async function encodeSessionToken(
  payload: Record<string, unknown>,
  secrets: readonly string[],
  salt: string,
  maxAge = SESSION_MAX_AGE_SECONDS,
): Promise<string> {
  const secret = secrets[0];
  if (!secret) throw new Error('No session secret configured');
  const { key, kid } = await getKey(secret, salt, 'A256CBC-HS512');
  const { iat: _iat, exp: _exp, jti: _jti, ...claims } = payload;
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512', kid })
    .setIssuedAt()
    .setExpirationTime(now() + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

/** Decrypts and verifies a token as Auth.js's `decode` does; null for anything it would reject. */
export async function decodeSessionToken(token: string, secrets: readonly string[], salt: string): Promise<JWTPayload | null> {
  if (!token || secrets.length === 0) return null;
  try {
    const { payload } = await jwtDecrypt(
      token,
      async (header) => {
        if (header.enc !== 'A256CBC-HS512' && header.enc !== 'A256GCM') throw new Error('unsupported enc');
        const enc = header.enc as Enc;
        for (const secret of secrets) {
          const derived = await getKey(secret, salt, enc);
          if (header.kid === undefined || header.kid === derived.kid) return derived.key;
        }
        throw new Error('no matching decryption secret');
      },
      { clockTolerance: CLOCK_TOLERANCE_SECONDS, keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256CBC-HS512', 'A256GCM'] },
    );
    return payload;
  } catch {
    return null;
  }
}

// Tokens already decrypted, by their exact text. Bounded; an entry is used only while the token
// has not expired, so a cache hit never accepts what `decodeSessionToken` would now reject.
const VERIFIED_CACHE_MAX = 1_000;
const verified = new Map<string, JWTPayload>();
let verifiedFor = '';

/** `decodeSessionToken` with the bounded cache of verified tokens (the gate's hot path). */
export async function decodeSessionTokenCached(token: string, secrets: readonly string[], salt: string): Promise<JWTPayload | null> {
  const secretsId = secrets.join('\u0000');
  if (secretsId !== verifiedFor) {
    verified.clear();
    verifiedFor = secretsId;
  }
  const cacheKey = `${salt}\u0000${token}`;
  const hit = verified.get(cacheKey);
  if (hit) {
    if (typeof hit.exp === 'number' && hit.exp + CLOCK_TOLERANCE_SECONDS > now()) return hit;
    verified.delete(cacheKey);
    return null;
  }
  const payload = await decodeSessionToken(token, secrets, salt);
  if (payload && typeof payload.exp === 'number') {
    if (verified.size >= VERIFIED_CACHE_MAX) verified.delete(verified.keys().next().value as string);
    verified.set(cacheKey, payload);
  }
  return payload;
}

/** What a session token must carry to count as a session. */
export interface SessionClaims {
  id: string;
  /** The sign-in this token descends from (`user_sessions.id`): every re-issue keeps it. */
  sid: string;
  role: Role;
  authzVersion: number;
  /** Seconds since the epoch of the sign-in that started this session. */
  authTime: number;
  name: string | null;
  email: string | null;
  picture: string | null;
  /** The email was verified when the token was issued (follows the freshness rules like the role). */
  emailVerified: boolean;
  /**
   * How the sign-in authenticated when a provider did it: the provider id, plus `mfa` when its ID
   * token said a second factor was used (`lib/auth/providers.ts`). Absent for password sign-ins.
   */
  amr?: string[];
  iat: number;
  exp: number;
}

/**
 * The session claims of a decrypted payload, or null when it is not a session of ours: no user
 * id, no sign-in id, an unknown role, no authz version, or past the absolute lifetime.
 */
export function readSessionClaims(payload: JWTPayload | null, at = now()): SessionClaims | null {
  if (!payload) return null;
  const { id, sid, role, authzVersion, authTime, name, email, picture, emailVerified, amr, iat, exp } = payload as Record<string, unknown>;
  if (typeof id !== 'string' || !isUuid(id)) return null;
  if (typeof sid !== 'string' || !isUuid(sid)) return null;
  if (!isRole(role)) return null;
  if (typeof authzVersion !== 'number' || !Number.isInteger(authzVersion)) return null;
  if (typeof authTime !== 'number' || authTime > at + CLOCK_TOLERANCE_SECONDS) return null;
  if (authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS <= at) return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  return {
    id,
    sid,
    role,
    authzVersion,
    authTime,
    name: typeof name === 'string' ? name : null,
    email: typeof email === 'string' ? email : null,
    picture: typeof picture === 'string' ? picture : null,
    emailVerified: emailVerified === true, // absent in older tokens: unverified until the database says otherwise
    ...(isAuthMethods(amr) ? { amr } : {}),
    iat,
    exp,
  };
}

/** A short list of short method names (the token stays small: at most 4 × 16 characters). */
function isAuthMethods(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.length <= 4 && value.every((m) => typeof m === 'string' && m.length > 0 && m.length <= 16);
}

/** True when a token is old enough to be re-issued and a re-issued one would still be within the absolute lifetime. */
export function shouldSlide(claims: SessionClaims, at = now()): boolean {
  return at - claims.iat >= SESSION_UPDATE_AGE_SECONDS && claims.authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS > at;
}

/** The expiry to give a re-issued token: the sliding lifetime, capped by the absolute one. */
export function reissueMaxAge(claims: SessionClaims, at = now()): number {
  return Math.max(0, Math.min(SESSION_MAX_AGE_SECONDS, claims.authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS - at));
}
