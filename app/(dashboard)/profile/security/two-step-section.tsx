import { getFactorSummary, pendingTotpSetup, totpQrSvg } from '@/lib/auth';
import { TwoStepPanel } from './two-step-forms';

/**
 * `/profile/security`'s "Two-step verification": off → set up an authenticator app (QR code drawn
 * on the server as SVG, the key as text, a code to confirm); on → recovery codes left, new codes,
 * turn off. Every form works without JavaScript.
 */
export async function TwoStepSection({ user }: { user: { id: string; email: string } }) {
  const [summary, pending] = await Promise.all([getFactorSummary(user.id), pendingTotpSetup(user)]);
  const setup = !summary.totp && pending ? { key: pending.secret, qr: `data:image/svg+xml;base64,${Buffer.from(await totpQrSvg(pending.otpauthUrl)).toString('base64')}` } : null;
  return (
    <section className="flex flex-col gap-3" aria-labelledby="two-step-heading">
      <h2 id="two-step-heading" className="text-lg font-semibold">
        Two-step verification
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {summary.totp
          ? 'On: signing in with your password also needs a code from your authenticator app (or a recovery code).'
          : 'Off: add a code from an authenticator app to every sign-in with your password.'}
      </p>
      <TwoStepPanel on={summary.totp} recoveryCodesLeft={summary.recoveryCodesLeft} setup={setup} />
    </section>
  );
}
