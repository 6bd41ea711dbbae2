import type { Metadata } from 'next';
import { listConnectedAccounts, listDevices, providerName, requireAuth } from '@/lib/auth';
import { Notice } from '@/components/form-notice';
import { ConnectedAccounts } from './connected-accounts';
import { DeviceList } from './device-list';
import { PasskeysSection } from './passkeys-section';
import { ChangePasswordForm, SignOutEverywhereForm } from './security-forms';
import { TwoStepSection } from './two-step-section';

export const metadata: Metadata = { title: 'Security' };

const day = (date: Date) => date.toISOString().slice(0, 10);

/** What `?connect=…&provider=…` says after the provider sent the browser back (lib/auth/provider-callback.ts). */
function connectNotice(params: Record<string, string | string[] | undefined>): { tone: 'success' | 'error'; text: string } | undefined {
  const name = providerName(typeof params.provider === 'string' ? params.provider : '');
  switch (params.connect) {
    case 'connected':
      return { tone: 'success', text: `${name} is connected: you can now sign in with it.` };
    case 'already':
      return { tone: 'success', text: `That ${name} account was already connected to this account.` };
    case 'elsewhere':
      return { tone: 'error', text: `That ${name} account is connected to another account here, so it was not connected.` };
    case 'expired':
      return { tone: 'error', text: `Connecting ${name} did not complete in time. Please try again.` };
    default:
      return undefined;
  }
}

/** `/profile/security`: connected accounts, signed-in devices (end one, or all others), change password, sign out everywhere. */
export default async function SecurityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireAuth();
  const params = await searchParams;
  const connected = await listConnectedAccounts(session.user.id);
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
        {params.enroll === 'admin' && session.user.role === 'admin' && !session.multiFactor ? (
          <Notice tone="error">
            Admins must use two-step verification: set up an authenticator app or a passkey below, then the admin pages open. If you have one
            already, sign out and sign in with it.
          </Notice>
        ) : null}
        <h2 className="text-lg font-semibold">Signed-in devices</h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Signing a device out takes effect on its very next request.</p>
        <DeviceList devices={devices} />
      </section>
      <PasskeysSection />
      {connected.accounts.length ? (
        <section className="flex flex-col gap-3">
          <h2 className="text-lg font-semibold">Connected accounts</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">Sign in with these instead of your password. The last way to sign in cannot be disconnected.</p>
          <ConnectedAccounts
            accounts={connected.accounts.map((a) => ({ provider: a.provider, name: a.name, connected: a.connected, linkedOn: a.linkedAt ? day(a.linkedAt) : null, lastUsedOn: a.lastUsedAt ? day(a.lastUsedAt) : null }))}
            hasPassword={connected.hasPassword}
            notice={connectNotice(params)}
          />
        </section>
      ) : null}
      <TwoStepSection user={session.user} />
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
