/**
 * SQL for `provider_accounts`: provider identities (provider, provider account id) and the user
 * each belongs to. The rules that decide when one is created or linked live in
 * `lib/auth/provider-sign-in.ts`; this file only reads and writes rows.
 */
import 'server-only';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { profiles, providerAccounts, settings, users } from '../schema';
import { authStateColumns, type UserAuthState } from './users';

export interface ProviderIdentityKey {
  provider: string;
  providerAccountId: string;
}

/** The user an identity is linked to (with what decides a sign-in), or null for an unknown identity. */
export async function getUserByProviderAccount(key: ProviderIdentityKey): Promise<UserAuthState | null> {
  const db = await getDb();
  const [row] = await db
    .select(authStateColumns)
    .from(providerAccounts)
    .innerJoin(users, eq(users.id, providerAccounts.userId))
    .where(and(eq(providerAccounts.provider, key.provider), eq(providerAccounts.providerAccountId, key.providerAccountId)))
    .limit(1);
  return row ?? null;
}

export async function touchProviderAccount(key: ProviderIdentityKey): Promise<void> {
  const db = await getDb();
  await db
    .update(providerAccounts)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(providerAccounts.provider, key.provider), eq(providerAccounts.providerAccountId, key.providerAccountId)));
}

/**
 * Links an identity to a user. `linked`: a new row; `already`: it was this user's already;
 * `elsewhere`: another user holds it (nothing written).
 */
export async function linkProviderAccount(userId: string, key: ProviderIdentityKey): Promise<'linked' | 'already' | 'elsewhere'> {
  const db = await getDb();
  const [inserted] = await db
    .insert(providerAccounts)
    .values({ userId, provider: key.provider, providerAccountId: key.providerAccountId, lastUsedAt: sql`now()` })
    .onConflictDoNothing({ target: [providerAccounts.provider, providerAccounts.providerAccountId] })
    .returning({ userId: providerAccounts.userId });
  if (inserted) return 'linked';
  const owner = await getUserByProviderAccount(key);
  return owner?.id === userId ? 'already' : 'elsewhere';
}

const IDENTITY_TAKEN = Symbol('identity taken');

/**
 * A new user (verified address, no password) with its profile, settings and the identity, in one
 * transaction. Null when the address was taken meanwhile or the identity is linked (nothing written).
 */
export async function createUserWithProviderAccount(
  input: { name: string; email: string; image: string | null },
  key: ProviderIdentityKey,
): Promise<UserAuthState | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ name: input.name, email: input.email, passwordHash: null, image: input.image, emailVerifiedAt: sql`now()` })
      .onConflictDoNothing({ target: users.email })
      .returning(authStateColumns);
    if (!user) return null;
    const [link] = await tx
      .insert(providerAccounts)
      .values({ userId: user.id, provider: key.provider, providerAccountId: key.providerAccountId, lastUsedAt: sql`now()` })
      .onConflictDoNothing({ target: [providerAccounts.provider, providerAccounts.providerAccountId] })
      .returning({ id: providerAccounts.id });
    // Linked meanwhile by a concurrent sign-in: undo the new user, answer null.
    if (!link) throw IDENTITY_TAKEN;
    await tx.insert(profiles).values({ userId: user.id });
    await tx.insert(settings).values({ userId: user.id });
    return user;
  }).catch((err: unknown) => {
    if (err === IDENTITY_TAKEN) return null;
    throw err;
  });
}

export interface ConnectedAccount {
  provider: string;
  linkedAt: Date;
  lastUsedAt: Date | null;
}

export async function listProviderAccountsForUser(userId: string): Promise<ConnectedAccount[]> {
  const db = await getDb();
  return db
    .select({ provider: providerAccounts.provider, linkedAt: providerAccounts.linkedAt, lastUsedAt: providerAccounts.lastUsedAt })
    .from(providerAccounts)
    .where(eq(providerAccounts.userId, userId))
    .orderBy(asc(providerAccounts.linkedAt));
}

/**
 * Removes this user's identity of `provider` unless it is the last way to sign in (no password and
 * no other identity). The user row is locked first (the one lock order), so two concurrent
 * disconnects cannot both pass the check. `removed` | `last` | `none`.
 */
export async function unlinkProviderAccount(userId: string, provider: string): Promise<'removed' | 'last' | 'none'> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).for('update');
    if (!user) return 'none';
    const [link] = await tx
      .select({ id: providerAccounts.id })
      .from(providerAccounts)
      .where(and(eq(providerAccounts.userId, userId), eq(providerAccounts.provider, provider)))
      .limit(1);
    if (!link) return 'none';
    if (user.passwordHash === null) {
      const others = await tx.$count(providerAccounts, and(eq(providerAccounts.userId, userId), ne(providerAccounts.id, link.id)));
      if (others === 0) return 'last';
    }
    await tx.delete(providerAccounts).where(eq(providerAccounts.id, link.id));
    return 'removed';
  });
}
