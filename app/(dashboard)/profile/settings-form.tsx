'use client';
/** Theme and email notifications, saved like the profile form (works without JavaScript too). */
import { useActionState } from 'react';
import { FormNotice } from '@/components/form-notice';
import { SubmitButton } from '@/components/submit-button';
import { idleState } from '@/lib/actions/action-state';
import { updateSettings } from './actions';

const THEME_OPTIONS = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
] as const;

export function SettingsForm({ theme, emailNotifications }: { theme: string; emailNotifications: boolean }) {
  const [state, formAction] = useActionState(updateSettings, idleState);
  const submitted = state.status === 'error' ? state.values : undefined;
  const currentTheme = submitted?.theme ?? theme;
  const notificationsOn = submitted ? submitted.emailNotifications === 'on' : emailNotifications;
  const themeErrors = state.fieldErrors?.theme;
  return (
    <form action={formAction} className="flex flex-col gap-5" noValidate>
      <FormNotice state={state} />
      <fieldset
        id="theme"
        role="radiogroup"
        className="scroll-mt-4"
        aria-invalid={themeErrors?.length ? true : undefined}
        aria-describedby={themeErrors?.length ? 'theme-error' : undefined}
      >
        <legend className="text-sm font-medium">Theme</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {THEME_OPTIONS.map((option) => (
            <label
              key={option.value}
              className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-2 text-sm has-[:checked]:border-indigo-500 has-[:checked]:bg-indigo-50 dark:border-slate-700 dark:has-[:checked]:bg-indigo-950"
            >
              <input
                type="radio"
                name="theme"
                value={option.value}
                defaultChecked={currentTheme === option.value}
                className="accent-indigo-600"
              />
              {option.label}
            </label>
          ))}
        </div>
        {themeErrors?.length ? (
          <p id="theme-error" className="mt-1 text-sm text-red-600 dark:text-red-400" data-field-error="theme">
            {themeErrors.join(' ')}
          </p>
        ) : null}
      </fieldset>
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" name="emailNotifications" defaultChecked={notificationsOn} className="mt-0.5 h-4 w-4 accent-indigo-600" />
        <span>
          <span className="font-medium">Email notifications</span>
          <span className="block text-slate-600 dark:text-slate-400">Product updates and security notices by email.</span>
        </span>
      </label>
      <div>
        <SubmitButton pendingLabel="Saving…" className="w-full sm:w-auto">
          Save settings
        </SubmitButton>
      </div>
    </form>
  );
}
