/**
 * SQL for the `users` table and the rows created with a user. Explicit columns everywhere:
 * the password hash leaves this file only through `getUserForSignIn` and `getPasswordCheck`.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb, type Db, type Tx } from '../client';
import { profiles, settings, users } from '../schema';
import type { Role } from '@/lib/core/roles';

/** What the app may show about a user: never the password hash. */
export const publicUserColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  image: users.image,
  role: users.role,
  createdAt: users.createdAt,
} as const;

export type PublicUser = {
  id: string;
  name: string;
  email: string;
  image: string | null;
  role: Role;
  createdAt: Date;
};

/** The columns that decide whether a token is still good. */
export type UserAuthState = {
  id: string;
  name: string;
  email: string;
  image: string | null;
  role: Role;
  authzVersion: number;
  bannedAt: Date | null;
  emailVerifiedAt: Date | null;
  /** A confirmed authenticator app (TOTP): a password sign-in needs the second step. */
  hasTotp: boolean;
  /** At least one passkey. */
  hasPasskey: boolean;
};

/** The columns behind `UserAuthState`, for every query that returns it. */
export const authStateColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  image: users.image,
  role: users.role,
  authzVersion: users.authzVersion,
  bannedAt: users.bannedAt,
  emailVerifiedAt: users.emailVerifiedAt,
  // Second factors: read in the same row query (the stale path's one database read stays one).
  hasTotp: sql<boolean>`exists (select 1 from totp_factors tf where tf.user_id = "users"."id" and tf.confirmed_at is not null)`.mapWith(Boolean),
  hasPasskey: sql<boolean>`exists (select 1 from webauthn_credentials wc where wc.user_id = "users"."id")`.mapWith(Boolean),
} as const;

/** A current-password check (re-authentication): the login it counts against and the hash. */
export async function getPasswordCheck(id: string): Promise<{ email: string; passwordHash: string | null } | null> {
  const db = await getDb();
  const [row] = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

export async function getUserById(id: string): Promise<PublicUser | null> {
  const db = await getDb();
  const [row] = await db.select(publicUserColumns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/** One read at sign-in: the hash plus the role and version the new token will carry. */
export async function getUserForSignIn(email: string): Promise<(UserAuthState & { passwordHash: string | null }) | null> {
  const db = await getDb();
  const [row] = await db
    .select({ ...authStateColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  return row ?? null;
}

export interface NewUser {
  name: string;
  email: string;
  passwordHash: string | null;
  image?: string | null;
  role?: Role;
  /** Created with a verified email (OAuth, demo accounts). */
  emailVerified?: boolean;
}

/**
 * Creates a user with their profile and settings rows in one transaction.
 * Returns null when the email is taken (nothing is written).
 */
export async function createUser(input: NewUser, db?: Db | Tx): Promise<PublicUser | null> {
  const conn = db ?? (await getDb());
  return conn.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        name: input.name,
        email: input.email,
        passwordHash: input.passwordHash,
        image: input.image ?? null,
        role: input.role ?? 'user',
        emailVerifiedAt: input.emailVerified ? sql`now()` : null,
      })
      .onConflictDoNothing({ target: users.email })
      .returning(publicUserColumns);
    if (!user) return null;
    await tx.insert(profiles).values({ userId: user.id });
    await tx.insert(settings).values({ userId: user.id });
    return user;
  });
}

export async function countUsers(): Promise<number> {
  const db = await getDb();
  return db.$count(users);
}
