import type { Metadata } from 'next';
import { requireAuth } from '@/lib/auth';
import { ChangePasswordForm, SignOutEverywhereForm } from './security-forms';

export const metadata: Metadata = { title: 'Security' };

/** `/profile/security`: change password, and sign out every device at once. */
export default async function SecurityPage() {
  await requireAuth();
  return (
    <div className="flex flex-col gap-10">
      <section className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">Security</h1>
        <h2 className="text-lg font-semibold">Change password</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Your other devices are signed out; this one stays signed in.</p>
        <ChangePasswordForm />
      </section>
      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Sign out everywhere</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Ends every session of your account, on every device, this one included.</p>
        <SignOutEverywhereForm />
      </section>
    </div>
  );
}
