/**
 * Security cases 1–10 (tokens): every forged, damaged, foreign or expired cookie is no session on
 * every surface (gate, route handler, data access layer), never a 500, and changes nothing.
 * Tokens are real: minted with Auth.js's own `encode`, or forged with jose as an attacker would.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { EncryptJWT, SignJWT, base64url } from 'jose';
import { encode } from 'next-auth/jwt';
import { middleware } from '@/middleware';
import { SESSION_ABSOLUTE_MAX_AGE_SECONDS } from '@/lib/core/session-token';
import { HOST_SESSION_COOKIE, LEGACY_SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv, resetEnvCache } from '@/lib/core/env';
import { useFreshBackends } from '@/tests/helpers/db';
import { mintToken, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';
import { DENIED, judge } from './surfaces';

let user: TokenSubject;
let admin: TokenSubject;
const now = () => Math.floor(Date.now() / 1000);
const cookieOf = (token: string, name = SESSION_COOKIE) => `${name}=${token}`;

beforeAll(async () => {
  await useFreshBackends();
  user = await createTestUser();
  admin = await createTestUser({ role: 'admin' });
});

function flipByte(token: string, part: number): string {
  const parts = token.split('.');
  const bytes = base64url.decode(parts[part]!);
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  parts[part] = base64url.encode(bytes);
  return parts.join('.');
}

const forged: [string, () => Promise<string>][] = [
  ['empty value', async () => ''],
  ['garbage', async () => 'not-a-token'],
  ['10 KB of garbage', async () => 'A'.repeat(10 * 1024)],
  ['five dots', async () => '.....'],
  ['one byte of ciphertext changed', async () => flipByte(await mintToken(user), 3)],
  ['one byte of the IV changed', async () => flipByte(await mintToken(user), 2)],
  ['one byte of the tag changed', async () => flipByte(await mintToken(user), 4)],
  ['the header swapped for another token\'s', async () => {
    const [, ...rest] = (await mintToken(user)).split('.');
    return [base64url.encode(JSON.stringify({ alg: 'dir', enc: 'A256GCM' })), ...rest].join('.');
  }],
  ['encrypted with another secret', async () => mintToken(admin, {}, { secret: 'another-secret-0123456789abcdef0123456789' })],
  ['alg: none', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const body = base64url.encode(JSON.stringify({ id: admin.id, role: 'admin', authzVersion: admin.authzVersion, authTime: now(), iat: now(), exp: now() + 3600 }));
    return `${header}.${body}.`;
  }],
  ['HS256-signed with the app secret', async () =>
    new SignJWT({ id: admin.id, role: 'admin', authzVersion: admin.authzVersion, authTime: now() })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(getEnv().authSecrets[0]))],
  ['JWE dir/A128GCM with an attacker key', async () =>
    new EncryptJWT({ id: admin.id, role: 'admin', authzVersion: admin.authzVersion, authTime: now() })
      .setProtectedHeader({ alg: 'dir', enc: 'A128GCM' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .encrypt(new Uint8Array(16).fill(7))],
  ['JWE A256GCM with an attacker key and an embedded jwk', async () => {
    const key = new Uint8Array(32).fill(9);
    return new EncryptJWT({ id: admin.id, role: 'admin', authzVersion: admin.authzVersion, authTime: now() })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', jwk: { kty: 'oct', k: base64url.encode(key) } } as never)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encrypt(key);
  }],
  ['expired beyond the clock tolerance', async () => mintToken(user, {}, { maxAge: -60 })],
  ['past the absolute lifetime (authTime cap)', async () => mintToken(user, { authTime: now() - SESSION_ABSOLUTE_MAX_AGE_SECONDS - 1 })],
  ['authTime in the future', async () => mintToken(user, { authTime: now() + 3600 })],
  ['no user id', async () => mintToken(user, { id: undefined })],
  ['a user id that is not a uuid', async () => mintToken(user, { id: "1' or '1'='1" })],
  ['an unknown role', async () => mintToken(admin, { role: 'superadmin' })],
  ['no authzVersion', async () => mintToken(user, { authzVersion: undefined })],
  ['no authTime', async () => mintToken(user, { authTime: undefined })],
  ['the CSRF cookie\'s value', async () => `${'a'.repeat(64)}|${'b'.repeat(64)}`],
  ['a state cookie (same secret, state salt)', async () => mintToken(admin, {}, { salt: 'authjs.state' })],
  ['a PKCE cookie (same secret, pkce salt)', async () => mintToken(admin, {}, { salt: 'authjs.pkce.code_verifier' })],
  ['a __Host- session token under the plain name', async () => mintToken(admin, {}, { salt: HOST_SESSION_COOKIE })],
];

describe('tokens: forged, damaged and foreign cookies are no session anywhere', () => {
  it('no cookie at all is denied on every surface', async () => {
    expect(await expectDbUnchanged(() => judge(middleware))).toEqual(DENIED);
  });

  it.each(forged)('%s → denied on gate, API and data access layer, nothing changed', async (_name, make) => {
    const cookie = cookieOf(await make());
    expect(await expectDbUnchanged(() => judge(middleware, cookie))).toEqual(DENIED);
  });

  it('control: the same user with a genuine token passes everywhere (the table above can fail)', async () => {
    const cookie = cookieOf(await mintToken(user));
    expect(await judge(middleware, cookie)).toEqual({ gate: 'pass', adminGate: 'unauthorized', api: 200, session: user.id });
  });

  it('a token just inside the absolute lifetime is still a session; one second past, not', async () => {
    const inside = cookieOf(await mintToken(user, { authTime: now() - SESSION_ABSOLUTE_MAX_AGE_SECONDS + 60 }));
    expect((await judge(middleware, inside)).api).toBe(200);
    const outside = cookieOf(await mintToken(user, { authTime: now() - SESSION_ABSOLUTE_MAX_AGE_SECONDS - 1 }));
    expect(await judge(middleware, outside)).toEqual(DENIED);
  });

  it('over http only the plain name is a session: a __Host- or the old __Secure- cookie is denied even with a token for its name', async () => {
    for (const name of [HOST_SESSION_COOKIE, LEGACY_SECURE_SESSION_COOKIE]) {
      const ownSalt = cookieOf(await mintToken(user, {}, { salt: name }), name);
      expect(await judge(middleware, ownSalt)).toEqual(DENIED);
    }
  });
});

describe('AUTH_SECRET rotation (AUTH_SECRET_PREVIOUS)', () => {
  const OLD = 'old-secret-rotated-out-0123456789abcdef0123';

  async function freshMiddleware() {
    // The gate reads its secrets once per process (per deployment): a fresh module is a new deployment.
    vi.resetModules();
    return (await import('@/middleware')).middleware;
  }

  it('a token from the previous secret is accepted while listed, denied once removed; new tokens use the newest', async () => {
    const oldToken = await mintToken(user, {}, { secret: OLD });
    const cookie = cookieOf(oldToken);
    try {
      process.env.AUTH_SECRET_PREVIOUS = OLD;
      resetEnvCache();
      const listed = await judge(await freshMiddleware(), cookie);
      expect(listed).toEqual({ gate: 'pass', adminGate: 'unauthorized', api: 200, session: user.id });
      // Newest encrypts: a token minted now is readable without the old secret.
      const fresh = await encode({ salt: SESSION_COOKIE, secret: getEnv().authSecrets, token: { id: user.id } });
      await expect(encode({ salt: SESSION_COOKIE, secret: OLD, token: { id: user.id } })).resolves.not.toBe(fresh);
      const { decodeSessionToken } = await import('@/lib/core/session-token');
      expect(await decodeSessionToken(fresh, [getEnv().authSecrets[0]!], SESSION_COOKIE)).toMatchObject({ id: user.id });
    } finally {
      delete process.env.AUTH_SECRET_PREVIOUS;
      resetEnvCache();
    }
    expect(await judge(await freshMiddleware(), cookie)).toEqual(DENIED);
  });
});
