'use client';

import { useActionState } from 'react';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { signInWithSecondFactor } from '../../actions';

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ' +
  'aria-[invalid=true]:border-red-600 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-600 dark:aria-[invalid=true]:border-red-400 dark:aria-[invalid=true]:ring-red-400';

/** The code field of the second step: a 6-digit app code, or (`recovery`) a recovery code. */
export function TwoStepForm({ callbackUrl, recovery }: { callbackUrl: string; recovery: boolean }) {
  const [state, formAction] = useActionState(signInWithSecondFactor, idleState);
  const errors = state.fieldErrors?.code;
  return (
    <form action={formAction} className="flex flex-col gap-4">
      <FormNotice state={state} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {recovery ? <input type="hidden" name="method" value="recovery" /> : null}
      <div>
        <label htmlFor="field-code" className="block text-sm font-medium">
          {recovery ? 'Recovery code' : 'Authentication code'}
        </label>
        <input
          id="field-code"
          name="code"
          type="text"
          className={inputClass}
          required
          {...(recovery
            ? { autoComplete: 'off', autoCapitalize: 'none', spellCheck: false, placeholder: 'xxxxx-xxxxx' }
            : { inputMode: 'numeric' as const, autoComplete: 'one-time-code', pattern: '[0-9 ]{6,7}', maxLength: 7 })}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? 'field-code-error' : undefined}
        />
        {errors?.length ? (
          <p id="field-code-error" className="mt-1 text-sm text-red-700 dark:text-red-400">
            {errors[0]}
          </p>
        ) : null}
      </div>
      <SubmitButton pendingLabel="Verifying…">Verify</SubmitButton>
    </form>
  );
}
