/**
 * Personal access tokens: `Authorization: Bearer es_pat_<ref>_<secret>` on route handlers.
 *
 * Format: `es_pat_` + 43 base64url chars (the token id and its user id, 2 × 16 bytes) + `_` + 43
 * base64url chars (the secret, 32 random bytes = 256 bits). Only SHA-256(token) is stored
 * (`personal_access_tokens.token_hash`) and compared in constant time. The user id is in the
 * token so that the steady state needs ONE KV round trip: `mget([pat:<id>, authz:<userId>])`.
 *
 * The freshness protocol of cookies (`./freshness.ts`), applied to tokens:
 * - KV holds a copy of the token row and its user's claims (`pat:<id>`), written on the database
 *   path with the user's authz version it was read at; the copy is trusted only while the
 *   user's marker `authz:<userId>` equals that version → 0 database reads, 1 KV read.
 * - Every change that must reach tokens (a revoke, a ban, a delete, a demotion, "sign out
 *   everywhere", a factor change) is an authorization change (`changeAuthorization`): it bumps the
 *   version, so every copy of that user is untrusted from the next request on and one database
 *   read decides (the row is the truth: a KV flush costs a read, never revives a revoked token).
 * - KV unreachable → the database decides; the database unreachable → 503.
 *
 * When a bearer header is present the token alone decides: the session cookie is ignored
 * (`readSessionCookie` returns null), even for an invalid token. Failures (malformed, unknown,
 * revoked, expired) are 401 and counted per client (`pat-fail:<client>:<window>`, read in the same
 * `mget`); over the limit → 429 before any database read. Sudo mode does not apply to tokens (a
 * token's creation needed a recent authentication); a token cannot create tokens.
 */
import 'server-only';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { headers } from 'next/headers';
import { insertAuditEntry } from '@/db/queries/audit';
import {
  countLiveAccessTokens,
  findLiveAccessToken,
  getAccessTokenState,
  insertAccessToken,
  listLiveAccessTokens,
  touchAccessToken,
  type AccessTokenRow,
  type TokenScope,
} from '@/db/queries/personal-access-tokens';
import { clientAddressFromHeaders, SHARED_CLIENT } from '@/lib/client-address';
import { isMultiFactor, refreshAuthMethods, PASSWORD_METHODS } from '@/lib/core/auth-methods';
import { AppError, conflict, DependencyUnavailableError, forbidden, isConnectionError, notFound, rateLimited } from '@/lib/core/errors';
import type { Role } from '@/lib/core/roles';
import { getKv, isKvUnavailable } from '@/lib/kv';
import { changeAuthorization } from './change-authorization';
import { authzKey, MARKER_TTL_SECONDS } from './freshness';
import { requireRecentAuthentication } from './reauth';
import type { AppSession } from './session';
import { claimsFrom, reissueSession } from './session-cookie';

export type { TokenScope } from '@/db/queries/personal-access-tokens';

export const TOKEN_PREFIX = 'es_pat_';
const TOKEN_PATTERN = /^es_pat_([A-Za-z0-9_-]{43})_([A-Za-z0-9_-]{43})$/;
/** At most this many live tokens per account. */
export const MAX_TOKENS_PER_USER = 50;
/** Failed bearer attempts per client and window before 429. */
export const TOKEN_FAILURE_LIMIT = 30;
export const TOKEN_FAILURE_WINDOW_SECONDS = 300;
/** `last_used_at` is written at most once per this many seconds. */
export const LAST_USED_GRANULARITY_SECONDS = 60 * 60;
const COPY_TTL_SECONDS = 7 * 24 * 60 * 60;

export const patKey = (id: string) => `pat:${id}`;

/** The bearer credential of this request: null without an `Authorization: Bearer` header. */
export function bearerFrom(requestHeaders: Headers): string | null {
  const value = requestHeaders.get('authorization');
  if (value === null) return null;
  const match = /^\s*bearer\s+(.*)$/i.exec(value);
  // Any other scheme (Basic, …) is no credential of ours either: refused as a bearer, not ignored.
  return match ? match[1]!.trim() : value.trim();
}

function uuidToBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}
function bytesToUuid(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** A new token for `userId`: its row id, the secret to show once, and the hash to store. */
export function mintToken(userId: string): { id: string; token: string; hash: string } {
  const id = randomUUID();
  const ref = Buffer.concat([uuidToBytes(id), uuidToBytes(userId)]).toString('base64url');
  const token = `${TOKEN_PREFIX}${ref}_${randomBytes(32).toString('base64url')}`;
  return { id, token, hash: hashToken(token) };
}

/** The ids a well-formed token names, or null (wrong prefix, length, alphabet). */
export function parseToken(token: string): { id: string; userId: string } | null {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const ref = Buffer.from(match[1]!, 'base64url');
  if (ref.length !== 32 || ref.toString('base64url') !== match[1]) return null;
  return { id: bytesToUuid(ref.subarray(0, 16)), userId: bytesToUuid(ref.subarray(16)) };
}

/** KV's copy of a token row with its user's claims, trusted only while `v` equals the user's marker. */
interface TokenCopy {
  u: string;
  h: string;
  s: TokenScope;
  /** Expiry (ms since epoch) or null. */
  e: number | null;
  v: number;
  r: Role;
  n: string;
  m: string;
  i: string | null;
  ev: boolean;
  amr: string[];
  c: number;
  /** last_used_at (ms) as last written. */
  lu: number | null;
}

function readCopy(raw: string | null): TokenCopy | null {
  if (!raw) return null;
  try {
    const copy = JSON.parse(raw) as TokenCopy;
    return typeof copy === 'object' && copy && typeof copy.h === 'string' && typeof copy.v === 'number' ? copy : null;
  } catch {
    return null;
  }
}

export type TokenSession = AppSession & { via: 'token'; tokenId: string; tokenScope: TokenScope };

function sessionOf(id: string, copy: TokenCopy): TokenSession {
  const created = Math.floor(copy.c / 1000);
  return {
    via: 'token',
    tokenId: id,
    tokenScope: copy.s,
    user: { id: copy.u, name: copy.n, email: copy.m, image: copy.i, role: copy.r, emailVerified: copy.ev },
    authzVersion: copy.v,
    authTime: created,
    reauthAt: created,
    amr: copy.amr,
    multiFactor: isMultiFactor(copy.amr),
    expires: copy.e === null ? Number.MAX_SAFE_INTEGER : Math.floor(copy.e / 1000),
    // A token is no sign-in: its id matches no `user_sessions` row ("current" nowhere, ended by nothing but its revoke).
    sid: id,
    needsCookieRefresh: false,
  };
}

const refused = () => new AppError(401, 'Invalid or revoked access token');

function failureKey(client: string, at = Date.now()): string {
  return `pat-fail:${client}:${Math.floor(at / 1000 / TOKEN_FAILURE_WINDOW_SECONDS)}`;
}

async function countFailure(client: string): Promise<void> {
  if (client === SHARED_CLIENT) return;
  try {
    await (await getKv()).incr(failureKey(client), TOKEN_FAILURE_WINDOW_SECONDS);
  } catch {
    // Best effort: without KV the failure is still refused.
  }
}

async function refuse(client: string): Promise<never> {
  await countFailure(client);
  throw refused();
}

function throttled(): AppError {
  const at = Math.floor(Date.now() / 1000);
  return rateLimited(Math.max(1, (Math.floor(at / TOKEN_FAILURE_WINDOW_SECONDS) + 1) * TOKEN_FAILURE_WINDOW_SECONDS - at));
}

async function writeCopy(id: string, copy: TokenCopy): Promise<void> {
  const ttl = copy.e === null ? COPY_TTL_SECONDS : Math.min(COPY_TTL_SECONDS, Math.ceil((copy.e - Date.now()) / 1000));
  if (ttl <= 0) return;
  try {
    await (await getKv()).set(patKey(id), JSON.stringify(copy), { ttlSeconds: ttl });
  } catch {
    // Best effort: a missing copy costs the next request one database read.
  }
}

async function fillMarker(userId: string, version: number): Promise<void> {
  try {
    await (await getKv()).set(authzKey(userId), String(version), { nx: true, ttlSeconds: MARKER_TTL_SECONDS });
  } catch {
    // Best effort (as in freshness.ts).
  }
}

async function touch(id: string): Promise<void> {
  try {
    await touchAccessToken(id);
  } catch {
    // Best effort: a lost write only makes "last used" older.
  }
}

/**
 * Decides a bearer credential (route handlers only). Throws 401 (malformed, unknown, revoked,
 * expired, banned or deleted user), 429 (too many failures from this client), 503 (the database
 * is needed and unreachable). Steady state: one KV `mget`, no database read.
 */
export async function authenticateAccessToken(token: string, requestHeaders: Headers): Promise<TokenSession> {
  const client = clientAddressFromHeaders(requestHeaders);
  const parsed = parseToken(token);
  if (!parsed) return refuse(client);
  const hash = hashToken(token);
  const now = Date.now();

  let copyRaw: string | null = null;
  let marker: string | null = null;
  let failures: string | null = null;
  let kvReachable = true;
  try {
    const values = await (await getKv()).mget([patKey(parsed.id), authzKey(parsed.userId), failureKey(client, now)]);
    [copyRaw = null, marker = null, failures = null] = values;
  } catch (err) {
    if (!isKvUnavailable(err)) throw err;
    kvReachable = false;
  }
  if (client !== SHARED_CLIENT && Number(failures ?? 0) >= TOKEN_FAILURE_LIMIT) throw throttled();

  const copy = readCopy(copyRaw);
  if (copy && marker !== null && marker === String(copy.v) && copy.u === parsed.userId) {
    if (!sameHash(copy.h, hash) || (copy.e !== null && copy.e <= now)) return refuse(client);
    if (copy.lu === null || now - copy.lu > LAST_USED_GRANULARITY_SECONDS * 1000) {
      await touch(parsed.id);
      await writeCopy(parsed.id, { ...copy, lu: now });
    }
    return sessionOf(parsed.id, copy);
  }

  // The database decides: the token row and its user in one query.
  let state;
  try {
    state = await getAccessTokenState(parsed.id);
  } catch (err) {
    if (isConnectionError(err)) throw new DependencyUnavailableError('database', err);
    throw err;
  }
  // Compared even for an unknown id, so unknown and revoked tokens cost the same.
  const matches = sameHash(state?.tokenHash ?? hash.replace(/./g, '0'), hash);
  if (
    !state ||
    !matches ||
    state.userId !== parsed.userId ||
    state.revokedAt !== null ||
    (state.expiresAt !== null && state.expiresAt.getTime() <= now) ||
    state.user.bannedAt !== null
  ) {
    return refuse(client);
  }
  const user = state.user;
  const amr = refreshAuthMethods(state.amr, user) ?? PASSWORD_METHODS;
  let lastUsed = state.lastUsedAt?.getTime() ?? null;
  if (lastUsed === null || now - lastUsed > LAST_USED_GRANULARITY_SECONDS * 1000) {
    await touch(parsed.id);
    lastUsed = now;
  }
  const fresh: TokenCopy = {
    u: user.id,
    h: state.tokenHash,
    s: state.scope,
    e: state.expiresAt?.getTime() ?? null,
    v: user.authzVersion,
    r: user.role,
    n: user.name,
    m: user.email,
    i: user.image,
    ev: user.emailVerifiedAt !== null,
    amr,
    c: state.createdAt.getTime(),
    lu: lastUsed,
  };
  if (kvReachable) {
    // The copy carries the version it was read at: a change committed meanwhile raised the marker past it.
    await writeCopy(parsed.id, fresh);
    if (marker === null) await fillMarker(user.id, user.authzVersion);
  }
  return sessionOf(parsed.id, fresh);
}

/** This request's bearer session, or null when it has no `Authorization` header. */
export async function bearerSession(): Promise<TokenSession | null> {
  const requestHeaders = await headers();
  const token = bearerFrom(requestHeaders);
  if (token === null) return null;
  return authenticateAccessToken(token, requestHeaders);
}

export function isTokenSession(session: AppSession): session is TokenSession {
  return (session as Partial<TokenSession>).via === 'token';
}

// ---------------------------------------------------------------------------------------------
// Managing tokens (the owner, or an admin revoking).

export interface AccessTokenView {
  id: string;
  name: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const view = (row: AccessTokenRow): AccessTokenView => ({
  id: row.id,
  name: row.name,
  scope: row.scope,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

export const TOKEN_NOT_FOUND = 'Token not found';

export interface NewTokenInput {
  name: string;
  scope: TokenScope;
  expiresInDays: 7 | 30 | 90 | null;
}

/**
 * Creates a token for the session's user (cookie sessions only, within the sudo-mode window).
 * Audited; the version bump of the change is absorbed by re-issuing this device's cookie.
 */
export async function createAccessToken(session: AppSession, input: NewTokenInput): Promise<AccessTokenView & { token: string }> {
  if (isTokenSession(session)) throw forbidden('An access token cannot create access tokens');
  requireRecentAuthentication(session);
  const userId = session.user.id;
  const minted = mintToken(userId);
  const expiresAt = input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * 24 * 60 * 60 * 1000);
  const outcome = await changeAuthorization<AccessTokenRow, 'limit'>(userId, async (tx) => {
    const live = await countLiveAccessTokens(tx, userId);
    if (live >= MAX_TOKENS_PER_USER) return { refuse: 'limit' };
    const row = await insertAccessToken(tx, { id: minted.id, userId, name: input.name, scope: input.scope, tokenHash: minted.hash, amr: session.amr, expiresAt });
    await insertAuditEntry(tx, { actorId: userId, action: 'token.created', targetId: userId, details: { tokenId: row.id, name: row.name, scope: row.scope } });
    return { change: {}, value: row };
  });
  if (outcome.status === 'no_user') throw notFound('User not found');
  if (outcome.status === 'refused') throw conflict(`At most ${MAX_TOKENS_PER_USER} access tokens per account: revoke one first`);
  await reissueSession(userId, claimsFrom(outcome.user));
  return { ...view(outcome.value), token: minted.token };
}

/** The user's usable tokens (never their secrets), newest first. */
export async function listAccessTokens(userId: string): Promise<AccessTokenView[]> {
  return (await listLiveAccessTokens(userId)).map(view);
}

/**
 * Revokes one token of `userId`: refused from its next request on (an authorization change).
 * `actorId`: who did it (the owner or an admin), audited in the same transaction. 404 when the
 * token is unknown, another user's or already revoked.
 */
export async function revokeAccessToken(userId: string, tokenId: string, actorId: string = userId): Promise<void> {
  const outcome = await changeAuthorization<undefined, 'missing'>(userId, async (tx) => {
    const token = await findLiveAccessToken(tx, userId, tokenId);
    if (!token) return { refuse: 'missing' };
    await insertAuditEntry(tx, { actorId, action: 'token.revoked', targetId: userId, details: { tokenId, name: token.name } });
    return { change: { revokeTokens: { id: tokenId } }, value: undefined };
  });
  if (outcome.status !== 'changed') throw notFound(TOKEN_NOT_FOUND);
  if (actorId === userId) await reissueSession(userId, claimsFrom(outcome.user));
}
