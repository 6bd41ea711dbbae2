import type { ActionState } from '@/lib/actions/safe-action';

/** The outcome line above a form: an alert on error, a polite status on success. */
export function FormStatus({ state }: { state: ActionState }) {
  if (state.status === 'error') {
    return (
      <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
        {state.message}
      </p>
    );
  }
  if (state.status === 'success' && state.message) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
        {state.message}
      </p>
    );
  }
  return null;
}
