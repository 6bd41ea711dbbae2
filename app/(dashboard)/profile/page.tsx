import type { Metadata } from 'next';
import { requireAuth, SESSION_ENDED_PATH } from '@/lib/auth';
import { getOwnProfile } from '@/lib/profile';
import { redirect } from 'next/navigation';
import { ProfileForm } from './profile-form';
import { SettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Profile' };

/** `/profile`: the user, their profile and their settings from one relational query, and two forms. */
export default async function ProfilePage() {
  const session = await requireAuth();
  const user = await getOwnProfile(session.user.id);
  // The token outlived its user (deleted between the freshness check and this read).
  if (!user) redirect(SESSION_ENDED_PATH);
  const memberSince = user.createdAt.toISOString().slice(0, 10);
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Profile</h1>
        <p className="mt-1 break-words text-sm text-slate-600 dark:text-slate-400">
          {user.email} · {user.role} · member since <time dateTime={memberSince}>{memberSince}</time>
        </p>
      </div>
      <section aria-labelledby="profile-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900 sm:p-6">
        <h2 id="profile-heading" className="mb-4 text-lg font-semibold">
          Your details
        </h2>
        <ProfileForm name={user.name} bio={user.profile?.bio ?? ''} />
      </section>
      <section aria-labelledby="settings-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900 sm:p-6">
        <h2 id="settings-heading" className="mb-4 text-lg font-semibold">
          Settings
        </h2>
        <SettingsForm theme={user.settings?.theme ?? 'system'} emailNotifications={user.settings?.emailNotifications ?? true} />
      </section>
    </div>
  );
}
