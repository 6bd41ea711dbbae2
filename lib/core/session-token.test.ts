/**
 * Compatibility of the gate's codec with Auth.js: `decodeSessionToken` must accept exactly the
 * tokens `next-auth/jwt`'s `decode` accepts (one token format, no second one), tokens from
 * `encodeSessionToken` must be readable by Auth.js, and the speed-ups (derived-key and
 * verified-token caches) must never accept what a fresh decode would reject.
 */
import { hkdfSync } from 'node:crypto';
import { EncryptJWT, SignJWT, base64url, calculateJwkThumbprint } from 'jose';
import { decode, encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_ABSOLUTE_MAX_AGE_SECONDS, decodeSessionToken, decodeSessionTokenCached, encodeSessionToken } from './session-token';
import { HOST_SESSION_COOKIE, SESSION_COOKIE, LEGACY_SECURE_SESSION_COOKIE } from './session-cookie';
import { TOKEN_NAME_MAX, TOKEN_PICTURE_MAX, readSessionClaims, signInClaims } from './session-claims';

const SECRET = 'compat-secret-0123456789abcdef0123456789';
const OLD_SECRET = 'compat-old-secret-0123456789abcdef01234';
const FOREIGN = 'someone-elses-secret-0123456789abcdef012';
const USER_ID = '3f1c2b7e-9a4d-4e8f-8b2a-1c2d3e4f5a6b';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const SIGN_IN_ID = '0b9d6f2e-3c1a-4e55-9d2b-7a8e6f5c4d3b';
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: USER_ID,
  id: USER_ID,
  sid: SIGN_IN_ID,
  name: 'Uma User',
  email: 'user@example.com',
  picture: null,
  role: 'user',
  authzVersion: 3,
  authTime: nowSeconds(),
  ...extra,
});

/** Auth.js's verdict: `decode` resolving to a payload means accepted; null or a throw means rejected. */
async function authjsDecode(token: string, secret: string | string[], salt = SESSION_COOKIE) {
  try {
    return await decode({ token, secret, salt });
  } catch {
    return null;
  }
}

/** The key Auth.js derives (HKDF-SHA256, salt = cookie name), computed independently with node:crypto. */
function derivedKey(secret: string, salt: string, length: 32 | 64): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, length));
}

async function jwe(
  payload: Record<string, unknown>,
  { enc, secret = SECRET, salt = SESSION_COOKIE, kid = true, exp = nowSeconds() + 3600 }: { enc: 'A256GCM' | 'A256CBC-HS512'; secret?: string; salt?: string; kid?: boolean | string; exp?: number },
) {
  const key = derivedKey(secret, salt, enc === 'A256GCM' ? 32 : 64);
  const thumbprint = await calculateJwkThumbprint({ kty: 'oct', k: base64url.encode(key) }, enc === 'A256GCM' ? 'sha256' : 'sha512');
  const header = { alg: 'dir', enc, ...(kid === false ? {} : { kid: kid === true ? thumbprint : kid }) };
  return new EncryptJWT(payload).setProtectedHeader(header).setIssuedAt().setExpirationTime(exp).setJti(crypto.randomUUID()).encrypt(key);
}

/** Replaces the first character of one compact-serialisation part (changes its first 6 bits). */
function tamper(token: string, part: number): string {
  const parts = token.split('.');
  const p = parts[part] ?? '';
  parts[part] = p === '' ? 'AAAA' : `${p[0] === 'A' ? 'B' : 'A'}${p.slice(1)}`;
  return parts.join('.');
}

interface Case {
  name: string;
  token: () => Promise<string>;
  secrets?: string[];
  salt?: string;
  accepted: boolean;
}

const cases: Case[] = [
  { name: 'valid token from Auth.js encode', token: () => encode({ token: claims(), secret: SECRET, salt: SESSION_COOKIE }), accepted: true },
  {
    name: 'valid token for another cookie name (__Secure-, its own salt)',
    token: () => encode({ token: claims(), secret: SECRET, salt: LEGACY_SECURE_SESSION_COOKIE }),
    salt: LEGACY_SECURE_SESSION_COOKIE,
    accepted: true,
  },
  {
    name: 'expired 5 s ago (inside the 15 s clock tolerance)',
    token: () => encode({ token: claims(), secret: SECRET, salt: SESSION_COOKIE, maxAge: -5 }),
    accepted: true,
  },
  {
    name: 'expired 20 s ago (beyond the tolerance)',
    token: () => encode({ token: claims(), secret: SECRET, salt: SESSION_COOKIE, maxAge: -20 }),
    accepted: false,
  },
  ...['protected header', 'encrypted key', 'iv', 'ciphertext', 'tag'].map((part, i) => ({
    name: `tampered ${part}`,
    token: async () => tamper(await encode({ token: claims(), secret: SECRET, salt: SESSION_COOKIE }), i),
    accepted: false,
  })),
  { name: 'truncated (tag removed)', token: async () => (await encode({ token: claims(), secret: SECRET, salt: SESSION_COOKIE })).split('.').slice(0, 4).join('.'), accepted: false },
  { name: 'foreign secret', token: () => encode({ token: claims(), secret: FOREIGN, salt: SESSION_COOKIE }), accepted: false },
  { name: 'wrong salt (another cookie name)', token: () => encode({ token: claims(), secret: SECRET, salt: 'authjs.other-token' }), accepted: false },
  {
    name: 'secure-cookie token presented under the plain cookie name',
    token: () => encode({ token: claims(), secret: SECRET, salt: LEGACY_SECURE_SESSION_COOKIE }),
    accepted: false,
  },
  {
    name: 'unsecured JWT (alg none)',
    token: async () => `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify(claims({ exp: nowSeconds() + 60 })))}.`,
    accepted: false,
  },
  {
    name: 'HS256 JWS signed with the derived key',
    token: () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(derivedKey(SECRET, SESSION_COOKIE, 64)),
    accepted: false,
  },
  { name: 'A256GCM with the matching kid', token: () => jwe(claims(), { enc: 'A256GCM' }), accepted: true },
  { name: 'A256GCM without kid', token: () => jwe(claims(), { enc: 'A256GCM', kid: false }), accepted: true },
  { name: 'A256GCM with a foreign kid', token: () => jwe(claims(), { enc: 'A256GCM', kid: 'not-our-key' }), accepted: false },
  { name: 'A256GCM under a foreign secret', token: () => jwe(claims(), { enc: 'A256GCM', secret: FOREIGN }), accepted: false },
  { name: 'A256CBC-HS512 without kid', token: () => jwe(claims(), { enc: 'A256CBC-HS512', kid: false }), accepted: true },
  { name: 'A256CBC-HS512 without kid, foreign secret', token: () => jwe(claims(), { enc: 'A256CBC-HS512', kid: false, secret: FOREIGN }), accepted: false },
  {
    name: 'A256CBC-HS512 carrying the A256GCM thumbprint as kid',
    token: async () => {
      const gcmKid = await calculateJwkThumbprint({ kty: 'oct', k: base64url.encode(derivedKey(SECRET, SESSION_COOKIE, 32)) }, 'sha256');
      return jwe(claims(), { enc: 'A256CBC-HS512', kid: gcmKid });
    },
    accepted: false,
  },
  {
    name: 'rotation: token from the previous secret, secrets [current, previous]',
    token: () => encode({ token: claims(), secret: OLD_SECRET, salt: SESSION_COOKIE }),
    secrets: [SECRET, OLD_SECRET],
    accepted: true,
  },
  {
    name: 'rotation: previous-secret token without kid, secrets [current, previous]',
    token: () => jwe(claims(), { enc: 'A256CBC-HS512', kid: false, secret: OLD_SECRET }),
    secrets: [SECRET, OLD_SECRET],
    // Auth.js tries only the first secret's key when the token has no kid.
    accepted: false,
  },
  {
    name: 'rotation: token from the previous secret once it is dropped',
    token: () => encode({ token: claims(), secret: OLD_SECRET, salt: SESSION_COOKIE }),
    secrets: [SECRET],
    accepted: false,
  },
  { name: 'empty string', token: async () => '', accepted: false },
  { name: 'garbage', token: async () => 'not.a.jwe.at.all', accepted: false },
];

describe('decodeSessionToken accepts exactly what Auth.js decode accepts', () => {
  it.each(cases)('$name', async ({ token: make, secrets = [SECRET], salt = SESSION_COOKIE, accepted }) => {
    const token = await make();
    const theirs = await authjsDecode(token, secrets, salt);
    const ours = await decodeSessionToken(token, secrets, salt);
    expect(theirs !== null, 'Auth.js verdict').toBe(accepted);
    expect(ours !== null, 'gate verdict').toBe(accepted);
    if (accepted) expect(ours).toEqual(theirs);
    // The cached path gives the same verdict, the first time and when the answer is cached.
    expect((await decodeSessionTokenCached(token, secrets, salt)) !== null).toBe(accepted);
    expect((await decodeSessionTokenCached(token, secrets, salt)) !== null).toBe(accepted);
  });
});

describe('encodeSessionToken', () => {
  it('produces tokens Auth.js decode reads back with the same claims', async () => {
    const token = await encodeSessionToken(claims(), [SECRET, OLD_SECRET], SESSION_COOKIE, 600);
    const theirs = await decode({ token, secret: SECRET, salt: SESSION_COOKIE });
    expect(theirs).toMatchObject({ id: USER_ID, role: 'user', authzVersion: 3 });
    expect(theirs?.exp).toBeGreaterThanOrEqual(nowSeconds() + 599);
    expect(theirs?.exp).toBeLessThanOrEqual(nowSeconds() + 601);
  });

  it('encrypts with the newest secret only (a dropped previous secret cannot read it)', async () => {
    const token = await encodeSessionToken(claims(), [SECRET, OLD_SECRET], SESSION_COOKIE);
    expect(await authjsDecode(token, [SECRET])).not.toBeNull();
    expect(await authjsDecode(token, [OLD_SECRET])).toBeNull();
  });

  it('replaces iat, exp and jti instead of copying them from the previous token', async () => {
    const token = await encodeSessionToken(claims({ iat: 1, exp: 2, jti: 'old' }), [SECRET], SESSION_COOKIE, 600);
    const payload = await decode({ token, secret: SECRET, salt: SESSION_COOKIE });
    expect(payload?.iat).toBeGreaterThan(2);
    expect(payload?.jti).not.toBe('old');
  });
});

describe('decodeSessionTokenCached never accepts an expired token', () => {
  afterEach(() => vi.useRealTimers());

  it('rejects a cached token once it is past its expiry plus the tolerance, as Auth.js does', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
    const token = await encode({ token: claims(), secret: SECRET, salt: SESSION_COOKIE, maxAge: 60 });
    expect(await decodeSessionTokenCached(token, [SECRET], SESSION_COOKIE)).not.toBeNull();

    vi.setSystemTime(new Date('2026-01-01T00:01:10Z')); // 10 s past exp: inside the tolerance
    expect(await decodeSessionTokenCached(token, [SECRET], SESSION_COOKIE)).not.toBeNull();
    expect(await authjsDecode(token, SECRET)).not.toBeNull();

    vi.setSystemTime(new Date('2026-01-01T00:01:16Z')); // 16 s past exp
    expect(await authjsDecode(token, SECRET)).toBeNull();
    expect(await decodeSessionTokenCached(token, [SECRET], SESSION_COOKIE)).toBeNull();
    expect(await decodeSessionTokenCached(token, [SECRET], SESSION_COOKIE)).toBeNull();
  });

  it('forgets cached tokens when the secrets change', async () => {
    const token = await encode({ token: claims(), secret: SECRET, salt: SESSION_COOKIE });
    expect(await decodeSessionTokenCached(token, [SECRET], SESSION_COOKIE)).not.toBeNull();
    expect(await decodeSessionTokenCached(token, [FOREIGN], SESSION_COOKIE)).toBeNull();
  });

  it('does not let a token cached under one cookie name pass under another', async () => {
    const token = await encode({ token: claims(), secret: SECRET, salt: SESSION_COOKIE });
    expect(await decodeSessionTokenCached(token, [SECRET], SESSION_COOKIE)).not.toBeNull();
    expect(await decodeSessionTokenCached(token, [SECRET], LEGACY_SECURE_SESSION_COOKIE)).toBeNull();
  });
});

describe('readSessionClaims', () => {
  const base = () => ({ ...claims(), iat: nowSeconds(), exp: nowSeconds() + 60 });

  it('reads a complete session', () => {
    expect(readSessionClaims(base())).toMatchObject({ id: USER_ID, role: 'user', authzVersion: 3, email: 'user@example.com' });
  });

  it('rejects a payload without a user id', () => {
    const { id: _id, ...rest } = base();
    expect(readSessionClaims(rest)).toBeNull();
    expect(readSessionClaims({ ...base(), id: 'not-a-uuid' })).toBeNull();
  });

  it('rejects a payload without a valid sign-in id (tokens from before the sign-in registry)', () => {
    const { sid: _sid, ...rest } = base();
    expect(readSessionClaims(rest)).toBeNull();
    expect(readSessionClaims({ ...base(), sid: 'not-a-uuid' })).toBeNull();
    expect(readSessionClaims({ ...base(), sid: 42 })).toBeNull();
    expect(readSessionClaims(base())?.sid).toBe(SIGN_IN_ID);
  });

  it('rejects an unknown role', () => {
    expect(readSessionClaims({ ...base(), role: 'superuser' })).toBeNull();
    expect(readSessionClaims({ ...base(), role: undefined })).toBeNull();
  });

  it('rejects a session past its absolute lifetime, however recently it was re-issued', () => {
    const at = nowSeconds();
    const authTime = at - SESSION_ABSOLUTE_MAX_AGE_SECONDS;
    expect(readSessionClaims({ ...base(), authTime }, at)).toBeNull();
    expect(readSessionClaims({ ...base(), authTime: authTime + 60 }, at)).not.toBeNull();
  });

  it('rejects a token without an authz version or with a sign-in time in the future', () => {
    expect(readSessionClaims({ ...base(), authzVersion: undefined })).toBeNull();
    expect(readSessionClaims({ ...base(), authTime: nowSeconds() + 3600 })).toBeNull();
  });

  it('a real Auth.js token whose claims are not a session decodes but is refused', async () => {
    const token = await encode({ token: claims({ role: 'root' }), secret: SECRET, salt: SESSION_COOKIE });
    const payload = await decodeSessionToken(token, [SECRET], SESSION_COOKIE);
    expect(payload).not.toBeNull();
    expect(readSessionClaims(payload)).toBeNull();
  });
});

describe('the largest possible token', () => {
  it('every claim at its maximum, plus room for future claims, stays below 3,500 bytes as a Set-Cookie value', async () => {
    const longestEmail = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`; // 254: the most `emailSchema` accepts
    // 50 code points (`nameSchema`, and `profileClaims` cuts a provider's longer name), each the
    // costliest character to carry: a control character, 6 bytes once JSON-escaped.
    const longestName = '\u0001'.repeat(TOKEN_NAME_MAX + 10);
    const longestPicture = `https://${'p'.repeat(TOKEN_PICTURE_MAX - 'https://'.length)}`;
    const subject = {
      id: USER_ID,
      name: longestName,
      email: longestEmail,
      image: longestPicture,
      role: 'admin' as const,
      authzVersion: Number.MAX_SAFE_INTEGER,
      emailVerified: true,
    };
    // `amr` at the most `isAuthMethods` accepts (4 methods of 16 characters), a re-authentication
    // time, and the active team claim of the teams issue.
    const future = { amr: ['m'.repeat(16), 'o'.repeat(16), 'h'.repeat(16), 'mfa'.padEnd(16, 'x')], team: { id: SIGN_IN_ID, role: 'owner' } };
    const payload = { ...signInClaims(subject), sid: SIGN_IN_ID, reauthAt: Number.MAX_SAFE_INTEGER, ...future };
    expect(payload.name).toHaveLength(TOKEN_NAME_MAX);
    expect(payload.picture).toBe(longestPicture);
    const token = await encodeSessionToken(payload, [SECRET], HOST_SESSION_COOKIE);
    expect(token.length).toBeLessThan(3_500);
    const line = `${HOST_SESSION_COOKIE}=${token}; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; Max-Age=604800; HttpOnly; SameSite=Lax; Secure`;
    expect(line.length).toBeLessThan(4_096); // one cookie, never chunked by Auth.js
    expect(await decode({ token, secret: SECRET, salt: HOST_SESSION_COOKIE })).toMatchObject({ email: longestEmail, team: future.team });
  });

  it('a picture that is too long or not a plain https URL is left out of the token, a longer name cut', () => {
    const base = { id: USER_ID, email: 'u@example.com', role: 'user' as const, authzVersion: 1, emailVerified: false };
    expect(signInClaims({ ...base, name: 'x'.repeat(80), image: `https://${'p'.repeat(TOKEN_PICTURE_MAX)}` })).toMatchObject({ name: 'x'.repeat(TOKEN_NAME_MAX), picture: null });
    expect(signInClaims({ ...base, name: 'Uma', image: 'javascript:alert(1)' }).picture).toBeNull();
    expect(signInClaims({ ...base, name: 'Uma', image: 'https://avatars.example/u/1?v=4' }).picture).toBe('https://avatars.example/u/1?v=4');
  });
});
