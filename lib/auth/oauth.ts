/**
 * OAuth sign-in (GitHub when configured): the provider vouches for the email; our own row
 * decides id, role and authz version. Banned users get no session.
 */
import 'server-only';
import { createUser, getUserForSignIn, type UserAuthState } from '@/db/queries/users';
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
    return signedIn(existing);
  }
  const name = (profile.name ?? email.split('@')[0] ?? 'User').slice(0, 50).padEnd(2, '_');
  // The provider vouches for the address: a new OAuth account starts verified.
  await createUser({ name, email, passwordHash: null, image: profile.image ?? null, emailVerified: true });
  const created = await getUserForSignIn(email);
  return created ? signedIn(created) : null;
}

function signedIn(row: UserAuthState): SignedInUser {
  const { id, name, email, image, role, authzVersion } = row;
  return { id, name, email, image, role, authzVersion, emailVerified: row.emailVerifiedAt !== null };
}
