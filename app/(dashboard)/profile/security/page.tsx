import type { Metadata } from 'next';
import { listDevices, requireAuth } from '@/lib/auth';
import { DeviceList } from './device-list';
import { ChangePasswordForm, SignOutEverywhereForm } from './security-forms';

export const metadata: Metadata = { title: 'Security' };

const day = (date: Date) => date.toISOString().slice(0, 10);

/** `/profile/security`: signed-in devices (end one, or all others), change password, sign out everywhere. */
export default async function SecurityPage() {
  const session = await requireAuth();
  const devices = (await listDevices(session.user.id, session.sid)).map((d) => ({
    id: d.id,
    device: d.device,
    createdOn: day(d.createdAt),
    lastSeenOn: day(d.lastSeenAt),
    current: d.current,
  }));
  return (
    <div className="flex flex-col gap-10">
      <section className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">Security</h1>
        <h2 className="text-lg font-semibold">Signed-in devices</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Signing a device out takes effect on its very next request.</p>
        <DeviceList devices={devices} />
      </section>
      <section className="flex flex-col gap-3">
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
