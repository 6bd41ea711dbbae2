/** Users created through the app's own queries (with profile and settings rows). */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { createUser } from '@/db/queries/users';
import { users } from '@/db/schema';
import { hashPassword } from '@/lib/password';
import type { Role } from '@/lib/core/roles';
import type { TokenSubject } from './tokens';

export const TEST_PASSWORD = 'correct-horse-battery';

let cachedHash: Promise<string> | undefined;

export async function createTestUser(options: { role?: Role; name?: string; email?: string; password?: string } = {}): Promise<TokenSubject> {
  const passwordHash = options.password ? await hashPassword(options.password) : await (cachedHash ??= hashPassword(TEST_PASSWORD));
  const email = options.email ?? `user-${randomUUID().slice(0, 8)}@example.test`;
  const user = await createUser({ name: options.name ?? 'Test User', email, passwordHash, role: options.role ?? 'user' });
  if (!user) throw new Error(`could not create ${email}`);
  const db = await getDb();
  const [row] = await db.select({ authzVersion: users.authzVersion }).from(users).where(eq(users.id, user.id));
  return { id: user.id, name: user.name, email: user.email, role: user.role, authzVersion: row!.authzVersion, image: user.image };
}
