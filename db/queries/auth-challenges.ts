/**
 * SQL for `auth_challenges`: short-lived, single-use ceremony state (a WebAuthn challenge, a
 * "second factor pending" sign-in). Consuming is one `DELETE … RETURNING` that matches the id or
 * challenge, the purpose, the binding (the browser that asked) and the expiry: two requests, or
 * two instances, can never both use one row. Expired rows are swept by the next creation.
 */
import 'server-only';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { getDb } from '../client';
import { authChallenges, type AuthChallengeRow } from '../schema';

export type ChallengePurpose = AuthChallengeRow['purpose'];

export interface NewChallenge {
  purpose: ChallengePurpose;
  userId?: string | null;
  challenge?: string;
  bindingHash: string;
  data?: Record<string, unknown>;
  ttlSeconds: number;
}

/** Stores a ceremony's state; returns its id. */
export async function createChallenge(input: NewChallenge): Promise<string> {
  const db = await getDb();
  await db.delete(authChallenges).where(lt(authChallenges.expiresAt, sql`now()`));
  const [row] = await db
    .insert(authChallenges)
    .values({
      purpose: input.purpose,
      userId: input.userId ?? null,
      challenge: input.challenge ?? '',
      bindingHash: input.bindingHash,
      data: input.data ?? {},
      expiresAt: sql`now() + (${input.ttlSeconds}::int * interval '1 second')`,
    })
    .returning({ id: authChallenges.id });
  return row!.id;
}

/** Takes (deletes and returns) the live row of this purpose and binding with this id; null when there is none. */
export async function consumeChallengeById(id: string, purpose: ChallengePurpose, bindingHash: string): Promise<AuthChallengeRow | null> {
  const db = await getDb();
  const [row] = await db
    .delete(authChallenges)
    .where(and(eq(authChallenges.id, id), eq(authChallenges.purpose, purpose), eq(authChallenges.bindingHash, bindingHash), gt(authChallenges.expiresAt, sql`now()`)))
    .returning();
  return row ?? null;
}

/** Takes the live row of this purpose and binding holding this WebAuthn challenge; null when there is none. */
export async function consumeChallengeByValue(challenge: string, purpose: ChallengePurpose, bindingHash: string): Promise<AuthChallengeRow | null> {
  if (!challenge) return null;
  const db = await getDb();
  const [row] = await db
    .delete(authChallenges)
    .where(and(eq(authChallenges.challenge, challenge), eq(authChallenges.purpose, purpose), eq(authChallenges.bindingHash, bindingHash), gt(authChallenges.expiresAt, sql`now()`)))
    .returning();
  return row ?? null;
}
