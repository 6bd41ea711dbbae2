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

/** Sliding lifetime: a token expires this long after it was last (re-)issued. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;
/** A token is re-issued (sliding expiry) only once it is older than this. */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;
/** Absolute lifetime: no token outlives its sign-in (`authTime`) by more than this. */
export const SESSION_ABSOLUTE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** Same tolerance as Auth.js's `decode`. */
export const CLOCK_TOLERANCE_SECONDS = 15;

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

interface AuthJsEncodeParams {
  token?: Record<string, unknown>;
  secret: string | string[];
  salt: string;
  maxAge?: number;
}

const secretList = (secret: string | string[]) => (Array.isArray(secret) ? secret : [secret]);

/**
 * Auth.js's `jwt.encode` (auth.config.ts): Auth.js mints with this codec too, so every session
 * token, whoever writes it, comes from `encodeSessionToken`, and none outlives its sign-in's
 * absolute lifetime (Auth.js's own re-issue on `/api/auth/session` would give a full `maxAge`).
 */
export function encodeForAuthJs({ token = {}, secret, salt, maxAge = SESSION_MAX_AGE_SECONDS }: AuthJsEncodeParams): Promise<string> {
  const authTime = token.authTime;
  const left = typeof authTime === 'number' ? authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS - now() : maxAge;
  return encodeSessionToken(token, secretList(secret), salt, Math.max(0, Math.min(maxAge, left)));
}

/** Auth.js's `jwt.decode`: the same rule as every other reader (null for what it refuses). */
export function decodeForAuthJs({ token, secret, salt }: { token?: string; secret: string | string[]; salt: string }): Promise<JWTPayload | null> {
  return decodeSessionToken(token ?? '', secretList(secret), salt);
}
