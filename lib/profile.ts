/**
 * Reading and saving a user's own profile and settings (shared by the `/profile` actions and `PATCH /api/user`),
 * and keeping what the browser carries in step: the session cookie's name claim and the theme cookie.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { getUserWithProfileAndSettings, updateProfileForUser, updateSettingsForUser, type ProfilePageData, type UpdatedProfile } from '@/db/queries/profiles';
import { getUserById, type PublicUser } from '@/db/queries/users';
import { reissueSession, type AppSession } from '@/lib/auth';
import { unauthorized } from '@/lib/core/errors';
import type { ProfilePatch, SettingsInput } from '@/lib/schemas/profile';

export const THEME_COOKIE = 'theme';
const THEME_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** `GET /api/user`: the signed-in user's public record (never the hash), or null once the row is gone. */
export function getOwnUser(userId: string): Promise<PublicUser | null> {
  return getUserById(userId);
}

/** `/profile`: the user with their profile and settings rows, one relational query; null once the row is gone. */
export function getOwnProfile(userId: string): Promise<ProfilePageData | null> {
  return getUserWithProfileAndSettings(userId);
}

/**
 * Writes the name and/or bio. When the name changed, the session cookie is re-issued with it so the
 * header (which reads the token, not the database) shows it on the next render. A name is not an
 * authorisation fact, so `authz_version` is left alone and other devices catch up at their next re-issue.
 */
export async function saveProfile(session: AppSession, input: ProfilePatch): Promise<UpdatedProfile> {
  const updated = await updateProfileForUser(session.user.id, input);
  if (!updated) throw unauthorized();
  if (input.name !== undefined && updated.name !== session.user.name) {
    // The session's view is already fresh (a stale token was resolved against the database), so
    // its role and version win over the cookie's.
    await reissueSession(session.user.id, { name: updated.name, role: session.user.role, authzVersion: session.authzVersion });
  }
  return updated;
}

/** Saves the settings row and the theme cookie the root layout reads (no database read per page). */
export async function saveSettings(session: AppSession, input: SettingsInput): Promise<SettingsInput> {
  const saved = await updateSettingsForUser(session.user.id, input);
  if (!saved) throw unauthorized();
  const jar = await cookies();
  jar.set(THEME_COOKIE, saved.theme, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: THEME_COOKIE_MAX_AGE });
  return saved;
}
