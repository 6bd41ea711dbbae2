'use client';
/**
 * Sudo mode's inline prompt. When a sensitive action answers `code: "reauthentication-required"`
 * (its session authenticated longer ago than `REAUTH_WINDOW_SECONDS`), this form asks for the
 * password or an authenticator-app code and posts the same action again with the same fields
 * (`state.values`, never secrets) plus the proof; the action checks it, re-issues the cookie with
 * a fresh authentication time, and completes. A plain form: it works without JavaScript.
 */
import { useEffect, useId, useRef } from 'react';
import { REAUTH_CODE_FIELD, REAUTH_PASSWORD_FIELD, type ActionState } from '@/lib/actions/action-state';
import { SubmitButton } from './submit-button';

export const REAUTHENTICATION_REQUIRED = 'reauthentication-required';

const INPUT =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

export function ConfirmItsYou({ state, action, confirmLabel = 'Confirm and continue' }: { state: ActionState; action: (formData: FormData) => void; confirmLabel?: string }) {
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  // Each new answer asking for confirmation moves focus to the password (keyboard and screen readers land here).
  useEffect(() => {
    if (state.code === REAUTHENTICATION_REQUIRED) first.current?.focus();
  }, [state]);
  if (state.code !== REAUTHENTICATION_REQUIRED) return null;
  const passwordErrors = state.fieldErrors?.[REAUTH_PASSWORD_FIELD];
  const codeErrors = state.fieldErrors?.[REAUTH_CODE_FIELD];
  const errors = [...(passwordErrors ?? []), ...(codeErrors ?? [])];
  return (
    <form action={action} className="flex max-w-md flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="text-base font-semibold">
        Confirm it&apos;s you
      </h3>
      <p>This needs a recent sign-in. Enter your password, or a code from your authenticator app, and it will go ahead.</p>
      {Object.entries(state.values ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {errors.length ? (
        <p role="alert" id={`${id}-error`} className="text-red-800 dark:text-red-200">
          {errors.join(' ')}
        </p>
      ) : null}
      <label htmlFor={`${id}-password`}>
        Password
        <input
          ref={first}
          id={`${id}-password`}
          name={REAUTH_PASSWORD_FIELD}
          type="password"
          autoComplete="current-password"
          className={INPUT}
          aria-invalid={passwordErrors?.length ? true : undefined}
          aria-describedby={errors.length ? `${id}-error` : undefined}
        />
      </label>
      <label htmlFor={`${id}-code`}>
        Or a 6-digit code from your authenticator app
        <input
          id={`${id}-code`}
          name={REAUTH_CODE_FIELD}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          className={INPUT}
          aria-invalid={codeErrors?.length ? true : undefined}
          aria-describedby={errors.length ? `${id}-error` : undefined}
        />
      </label>
      <div>
        <SubmitButton pendingLabel="Confirming…">{confirmLabel}</SubmitButton>
      </div>
    </form>
  );
}
