/**
 * SQL for `personal_access_tokens`. Writes that change what a token may do (create, revoke) run in
 * an authorization change's transaction (`lib/auth/access-tokens.ts` → `changeAuthorization`);
 * the one read of the token path joins the user row so a cache miss costs one query.
 */
import 'server-only';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { personalAccessTokens, users } from '../schema';
import { authStateColumns, type UserAuthState } from './users';

export type TokenScope = 'read' | 'write';

export interface AccessTokenRow {
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  amr: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const listColumns = {
  id: personalAccessTokens.id,
  userId: personalAccessTokens.userId,
  name: personalAccessTokens.name,
  scope: personalAccessTokens.scope,
  amr: personalAccessTokens.amr,
  createdAt: personalAccessTokens.createdAt,
  expiresAt: personalAccessTokens.expiresAt,
  lastUsedAt: personalAccessTokens.lastUsedAt,
  revokedAt: personalAccessTokens.revokedAt,
} as const;

export interface NewAccessToken {
  id: string;
  userId: string;
  name: string;
  scope: TokenScope;
  tokenHash: string;
  amr: string[];
  expiresAt: Date | null;
}

export async function insertAccessToken(tx: Tx, token: NewAccessToken): Promise<AccessTokenRow> {
  const [row] = await tx.insert(personalAccessTokens).values(token).returning(listColumns);
  return row!;
}

/** Revokes one live token of the user, or every live one (`id` undefined). Returns the revoked rows. */
export async function revokeAccessTokens(tx: Tx, userId: string, id?: string): Promise<{ id: string; name: string }[]> {
  return tx
    .update(personalAccessTokens)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(personalAccessTokens.userId, userId),
        isNull(personalAccessTokens.revokedAt),
        ...(id ? [eq(personalAccessTokens.id, id)] : []),
      ),
    )
    .returning({ id: personalAccessTokens.id, name: personalAccessTokens.name });
}

/** One live (not revoked) token of the user, for a revoke step (the user row is already locked). */
export async function findLiveAccessToken(tx: Tx, userId: string, id: string): Promise<{ id: string; name: string } | null> {
  const [row] = await tx
    .select({ id: personalAccessTokens.id, name: personalAccessTokens.name })
    .from(personalAccessTokens)
    .where(and(eq(personalAccessTokens.id, id), eq(personalAccessTokens.userId, userId), isNull(personalAccessTokens.revokedAt)))
    .limit(1);
  return row ?? null;
}

/** How many usable tokens the user has (the cap is checked under the user row's lock). */
export async function countLiveAccessTokens(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(personalAccessTokens)
    .where(
      and(
        eq(personalAccessTokens.userId, userId),
        isNull(personalAccessTokens.revokedAt),
        or(isNull(personalAccessTokens.expiresAt), sql`${personalAccessTokens.expiresAt} > now()`),
      ),
    );
  return Number(row?.n ?? 0);
}

/** The user's tokens that can still be used (not revoked, not expired), newest first. */
export async function listLiveAccessTokens(userId: string): Promise<AccessTokenRow[]> {
  const db = await getDb();
  return db
    .select(listColumns)
    .from(personalAccessTokens)
    .where(
      and(
        eq(personalAccessTokens.userId, userId),
        isNull(personalAccessTokens.revokedAt),
        or(isNull(personalAccessTokens.expiresAt), sql`${personalAccessTokens.expiresAt} > now()`),
      ),
    )
    .orderBy(desc(personalAccessTokens.createdAt), desc(personalAccessTokens.id))
    .limit(200);
}

export type AccessTokenState = AccessTokenRow & { tokenHash: string; user: UserAuthState };

/** The token's row and its user's row in one query (the token path after a KV miss); null: unknown id. */
export async function getAccessTokenState(id: string): Promise<AccessTokenState | null> {
  const db = await getDb();
  const [row] = await db
    .select({ ...listColumns, tokenHash: personalAccessTokens.tokenHash, user: authStateColumns })
    .from(personalAccessTokens)
    .innerJoin(users, eq(users.id, personalAccessTokens.userId))
    .where(eq(personalAccessTokens.id, id))
    .limit(1);
  return row ?? null;
}

/** `last_used_at` moves at most once an hour: the write is skipped in SQL when it is recent. */
export async function touchAccessToken(id: string): Promise<void> {
  const db = await getDb();
  await db
    .update(personalAccessTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(personalAccessTokens.id, id),
        or(isNull(personalAccessTokens.lastUsedAt), lt(personalAccessTokens.lastUsedAt, sql`now() - interval '1 hour'`)),
      ),
    );
}
