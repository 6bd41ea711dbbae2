/**
 * OAuth sign-in (GitHub when configured): the provider vouches for the email; our own row
 * decides id, role and authz version. Banned users get no session.
 */
import 'server-only';
import { createUser, getUserForSignIn } from '@/db/queries/users';
import { normalizeEmail } from '@/lib/core/validation';
import type { SignedInUser } from './credentials';

export async function findOrCreateOAuthUser(profile: {
  email?: string | null;
  name?: string | null;
  image?: string | null;
}): Promise<SignedInUser | null> {
  if (!profile.email) return null;
  const email = normalizeEmail(profile.email);
  const existing = await getUserForSignIn(email);
  if (existing) {
    if (existing.bannedAt) return null;
    return { id: existing.id, name: existing.name, email: existing.email, image: existing.image, role: existing.role, authzVersion: existing.authzVersion };
  }
  const name = (profile.name ?? email.split('@')[0] ?? 'User').slice(0, 50).padEnd(2, '_');
  await createUser({ name, email, passwordHash: null, image: profile.image ?? null });
  const created = await getUserForSignIn(email);
  if (!created) return null;
  return { id: created.id, name: created.name, email: created.email, image: created.image, role: created.role, authzVersion: created.authzVersion };
}
