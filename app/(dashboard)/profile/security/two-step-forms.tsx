'use client';

import { useActionState } from 'react';
import { ConfirmItsYou } from '@/components/confirm-its-you';
import { ConfirmStep } from '@/components/confirm-step';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { signOutOtherDevicesAction } from './actions';
import { confirmTotpSetupAction, disableTotpAction, regenerateRecoveryCodesAction, startTotpSetupAction } from './two-step-actions';

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ' +
  'aria-[invalid=true]:border-red-600 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-600 dark:aria-[invalid=true]:border-red-400 dark:aria-[invalid=true]:ring-red-400';

/** The codes shown once, after set-up or regeneration. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="flex flex-col gap-2 rounded-md border border-slate-300 p-4 dark:border-slate-700">
      <h3 className="font-semibold">Your recovery codes</h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Save these somewhere safe now: they are shown only once. Each code signs you in once if you lose your authenticator app.
      </p>
      <ul className="grid grid-cols-2 gap-1 font-mono text-sm" aria-label="Recovery codes" data-testid="recovery-codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Every form of the section, in one always-mounted component: a result (the recovery codes) stays
 * on screen when the section switches from off to on, with and without JavaScript.
 */
export function TwoStepPanel({ on, recoveryCodesLeft, setup }: { on: boolean; recoveryCodesLeft: number; setup: { key: string; qr: string } | null }) {
  const [startState, startAction] = useActionState(startTotpSetupAction, idleState);
  const [confirmState, confirmAction] = useActionState(confirmTotpSetupAction, idleState);
  const [regenState, regenAction] = useActionState(regenerateRecoveryCodesAction, idleState);
  const [offState, offAction] = useActionState(disableTotpAction, idleState);
  const [othersState, othersAction] = useActionState(signOutOtherDevicesAction, idleState);
  const confirmed = confirmState.status === 'success' ? (confirmState.values?.recoveryCodes ?? '').split(' ').filter(Boolean) : [];
  const regenerated = regenState.status === 'success' ? (regenState.values?.recoveryCodes ?? '').split(' ').filter(Boolean) : [];
  const codeErrors = confirmState.fieldErrors?.code;

  if (on) {
    return (
      <div className="flex max-w-md flex-col gap-4">
        {confirmed.length ? (
          <>
            <FormNotice state={confirmState} />
            <RecoveryCodes codes={confirmed} />
            <form action={othersAction} className="flex flex-col gap-2">
              <p className="text-sm text-slate-700 dark:text-slate-300">Signed in somewhere you do not recognise? Those devices signed in without the code.</p>
              <FormNotice state={othersState} />
              <SubmitButton pendingLabel="Signing out…">Sign out other devices</SubmitButton>
            </form>
            <ConfirmItsYou state={othersState} action={othersAction} />
          </>
        ) : null}
        <p className="text-sm">
          Recovery codes left: <strong>{recoveryCodesLeft}</strong>
        </p>
        <form action={regenAction} className="flex flex-col gap-2">
          <FormNotice state={regenState} />
          <SubmitButton pendingLabel="Generating…">Generate new recovery codes</SubmitButton>
        </form>
        <ConfirmItsYou state={regenState} action={regenAction} />
        {regenerated.length ? <RecoveryCodes codes={regenerated} /> : null}
        <div className="flex flex-col gap-2">
          <FormNotice state={offState} />
          <ConfirmStep
            trigger="Turn off…"
            prompt="Turn off two-step verification? Signing in will need only your password, and your recovery codes stop working."
            confirmLabel="Yes, turn off"
            pendingLabel="Turning off…"
            action={offAction}
            danger
            answer={offState}
          />
          <ConfirmItsYou state={offState} action={offAction} />
        </div>
      </div>
    );
  }

  return (
    <div className="flex max-w-md flex-col gap-4">
      {offState.status === 'success' ? <FormNotice state={offState} /> : null}
      <form action={startAction} className="flex flex-col gap-2">
        <FormNotice state={startState} />
        <SubmitButton pendingLabel="Starting…">{setup ? 'Start again with a new key' : 'Set up an authenticator app'}</SubmitButton>
      </form>
      <ConfirmItsYou state={startState} action={startAction} />
      {setup ? (
        <div className="flex flex-col gap-3">
          {/* eslint-disable-next-line @next/next/no-img-element -- an inline SVG data URL drawn on the server */}
          <img src={setup.qr} alt="QR code for your authenticator app" width={200} height={200} className="rounded-md bg-white p-2" />
          <p className="text-sm">
            Or type this key into the app: <code className="break-all font-mono" data-testid="totp-key">{setup.key}</code>
          </p>
          <form action={confirmAction} className="flex flex-col gap-2">
            <FormNotice state={confirmState} />
            <label htmlFor="field-totp-code" className="block text-sm font-medium">
              Code from the app
            </label>
            <input
              id="field-totp-code"
              name="code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              className={inputClass}
              aria-invalid={codeErrors?.length ? true : undefined}
              aria-describedby={codeErrors?.length ? 'field-totp-code-error' : undefined}
            />
            {codeErrors?.length ? (
              <p id="field-totp-code-error" className="text-sm text-red-700 dark:text-red-400">
                {codeErrors[0]}
              </p>
            ) : null}
            <SubmitButton pendingLabel="Checking…">Turn on two-step verification</SubmitButton>
          </form>
          <ConfirmItsYou state={confirmState} action={confirmAction} />
        </div>
      ) : null}
    </div>
  );
}
