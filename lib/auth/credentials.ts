/**
 * Email + password verification for the Credentials provider. One row read (hash, role,
 * version, ban) per attempt; unknown emails spend the same hashing work as known ones.
 */
import 'server-only';
import { z } from 'zod';
import { getUserForSignIn } from '@/db/queries/users';
import { isConnectionError } from '@/lib/errors';
import { verifyAgainstDummy, verifyPassword } from '@/lib/password';
import { emailSchema, PASSWORD_MAX } from '@/lib/validation';
import type { SessionRole } from '@/lib/edge/session-token';

const credentialsSchema = z.object({
  email: emailSchema,
  // Checked against the stored hash, so only the bound matters here: refuse absurd input fast.
  password: z.string().min(1).max(PASSWORD_MAX * 4),
});

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  image: string | null;
  role: SessionRole;
  authzVersion: number;
}

export type CredentialsResult =
  | { ok: true; user: SignedInUser }
  /** `invalid`: wrong email or password (never says which); `unavailable`: the database is down. */
  | { ok: false; code: 'invalid' | 'unavailable' | 'rate_limited'; retryAfterSeconds?: number };

export async function verifyCredentials(input: unknown, _clientAddress: string): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid' };
  const { email, password } = parsed.data;

  let row: Awaited<ReturnType<typeof getUserForSignIn>>;
  try {
    row = await getUserForSignIn(email);
  } catch (err) {
    if (isConnectionError(err)) return { ok: false, code: 'unavailable' };
    throw err;
  }

  const valid = row?.passwordHash ? await verifyPassword(password, row.passwordHash) : await verifyAgainstDummy(password);
  if (!row || !valid || row.bannedAt) return { ok: false, code: 'invalid' };
  return {
    ok: true,
    user: { id: row.id, name: row.name, email: row.email, image: row.image, role: row.role, authzVersion: row.authzVersion },
  };
}
