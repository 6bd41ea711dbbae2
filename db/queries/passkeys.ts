/**
 * SQL for `webauthn_credentials` (passkeys). Ownership is in every `WHERE`: a credential id of
 * another user matches nothing. The signature counter moves only forward, in one conditional
 * UPDATE (two sign-ins with one assertion, or a cloned authenticator, cannot both pass).
 */
import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '../client';
import { users, webauthnCredentials } from '../schema';
import { authStateColumns, type UserAuthState } from './users';

export interface PasskeyListItem {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const listColumns = {
  id: webauthnCredentials.id,
  name: webauthnCredentials.name,
  createdAt: webauthnCredentials.createdAt,
  lastUsedAt: webauthnCredentials.lastUsedAt,
} as const;

/** The user's passkeys, oldest first. */
export async function listPasskeys(userId: string): Promise<PasskeyListItem[]> {
  const db = await getDb();
  return db.select(listColumns).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId)).orderBy(asc(webauthnCredentials.createdAt), asc(webauthnCredentials.id));
}

/** The ids and transports of the user's passkeys (registration's `excludeCredentials`). */
export async function listPasskeyDescriptors(userId: string): Promise<{ id: string; transports: string[] }[]> {
  const db = await getDb();
  return db.select({ id: webauthnCredentials.id, transports: webauthnCredentials.transports }).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId));
}

export interface StoredPasskey {
  id: string;
  userId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
}

/** A credential and its user's sign-in state, in one read (the credential decides the user). */
export async function getPasskeyForSignIn(credentialId: string): Promise<{ passkey: StoredPasskey; user: UserAuthState } | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: webauthnCredentials.id,
      userId: webauthnCredentials.userId,
      publicKey: webauthnCredentials.publicKey,
      counter: webauthnCredentials.counter,
      transports: webauthnCredentials.transports,
      user: authStateColumns,
    })
    .from(webauthnCredentials)
    .innerJoin(users, eq(users.id, webauthnCredentials.userId))
    .where(eq(webauthnCredentials.id, credentialId))
    .limit(1);
  if (!row) return null;
  const { user, ...passkey } = row;
  return { passkey: { ...passkey, publicKey: Uint8Array.from(passkey.publicKey) }, user };
}

export interface NewPasskey {
  id: string;
  userId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  name: string;
}

/** Stores a new credential; null when that credential id is already registered (to anyone). */
export async function insertPasskey(tx: Tx, input: NewPasskey): Promise<PasskeyListItem | null> {
  const [row] = await tx.insert(webauthnCredentials).values(input).onConflictDoNothing({ target: webauthnCredentials.id }).returning(listColumns);
  return row ?? null;
}

/**
 * Records a use: the counter moves to `newCounter` only when that is a step forward (or both are
 * zero: an authenticator without a counter). False when the stored counter is already at or past
 * it: a replayed or cloned authenticator's assertion, nothing written.
 */
export async function advancePasskeyCounter(credentialId: string, userId: string, newCounter: number): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(webauthnCredentials)
    .set({ counter: newCounter, lastUsedAt: sql`now()` })
    .where(
      and(
        eq(webauthnCredentials.id, credentialId),
        eq(webauthnCredentials.userId, userId),
        sql`((${webauthnCredentials.counter} = 0 and ${newCounter}::bigint = 0) or ${webauthnCredentials.counter} < ${newCounter}::bigint)`,
      ),
    )
    .returning({ id: webauthnCredentials.id });
  return rows.length === 1;
}

/** Renames one of the user's passkeys; null when the user has no passkey with that id. */
export async function renamePasskey(userId: string, credentialId: string, name: string): Promise<PasskeyListItem | null> {
  const db = await getDb();
  const [row] = await db
    .update(webauthnCredentials)
    .set({ name })
    .where(and(eq(webauthnCredentials.id, credentialId), eq(webauthnCredentials.userId, userId)))
    .returning(listColumns);
  return row ?? null;
}

/** Deletes one of the user's passkeys; its name, or null when the user has none with that id. */
export async function deletePasskey(tx: Tx, userId: string, credentialId: string): Promise<{ name: string } | null> {
  const [row] = await tx
    .delete(webauthnCredentials)
    .where(and(eq(webauthnCredentials.id, credentialId), eq(webauthnCredentials.userId, userId)))
    .returning({ name: webauthnCredentials.name });
  return row ?? null;
}

/** How many passkeys the user has (in the factor change's transaction). */
export async function countPasskeys(tx: Tx, userId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(webauthnCredentials).where(eq(webauthnCredentials.userId, userId));
  return row?.n ?? 0;
}
