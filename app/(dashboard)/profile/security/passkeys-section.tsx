/**
 * The Security page's "Passkeys" section: the list (name, created, last used) and the manager
 * (add, rename, remove) in `./passkey-manager.tsx`. Server component: the list is read here.
 */
import { listOwnPasskeys, requireAuth } from '@/lib/auth';
import { PasskeyManager } from './passkey-manager';

export async function PasskeysSection() {
  const session = await requireAuth();
  const passkeys = await listOwnPasskeys(session.user.id);
  return (
    <section className="flex flex-col gap-3" aria-labelledby="passkeys-heading">
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Sign in with your fingerprint, face or screen lock instead of a password. A passkey counts as two factors. Removing one takes effect on every device at once.
      </p>
      <PasskeyManager passkeys={passkeys} />
    </section>
  );
}
