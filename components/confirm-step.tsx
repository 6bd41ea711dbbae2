'use client';
/**
 * The one two-step pattern for risky actions (ban, role change, revoking or ending sessions, delete):
 * a `<details>` whose summary opens a confirmation with the consequence spelled out and a "Yes, …"
 * button. Native HTML, so it works without JavaScript; the summary itself turns into "Cancel" while
 * open. `floating` lays the confirmation over the content below (positioned against the nearest
 * `relative` ancestor) so opening it never moves the row it sits in. Details sharing a `group` name
 * are exclusive: opening one closes the others. With JavaScript the step closes once the action
 * answers (`answer` changes) and on Escape.
 */
import { useEffect, useRef } from 'react';
import { useFormStatus } from 'react-dom';

export const ACTION_BUTTON =
  'inline-flex min-h-11 items-center justify-center whitespace-nowrap rounded-md border px-3 text-sm font-medium sm:min-h-8 sm:px-2.5 sm:text-xs';
const NEUTRAL = 'border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800';
const DANGER = 'border-red-400 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950';

export function ConfirmStep({
  trigger,
  subject,
  prompt,
  confirmLabel,
  pendingLabel = 'Working…',
  action,
  fields = {},
  group,
  floating = false,
  danger = false,
  answer,
}: {
  trigger: string;
  /** Said to screen readers after the trigger (e.g. the user's email), so "Ban…" is not ambiguous in a list. */
  subject?: string;
  prompt: React.ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  action: (formData: FormData) => void;
  fields?: Record<string, string>;
  group?: string;
  floating?: boolean;
  danger?: boolean;
  /** The action's latest state: a new one closes the step. */
  answer?: unknown;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [answer]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'Escape' || !ref.current?.open) return;
    ref.current.open = false;
    ref.current.querySelector('summary')?.focus();
  };

  const panel = floating
    ? 'absolute inset-x-0 top-full z-20 mt-1 shadow-lg'
    : 'mt-3';
  return (
    <details ref={ref} name={group} className="group/confirm" onKeyDown={onKeyDown}>
      <summary className={`${ACTION_BUTTON} ${danger ? DANGER : NEUTRAL} cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
        {/* Both labels share one grid cell so the button keeps its width (and its neighbours their place). */}
        <span className="grid">
          <span className="[grid-area:1/1] group-open/confirm:invisible">
            {trigger}
            {subject ? <span className="sr-only"> {subject}</span> : null}
          </span>
          <span className="invisible text-center [grid-area:1/1] group-open/confirm:visible">Cancel</span>
        </span>
      </summary>
      <form
        action={action}
        className={`${panel} flex flex-col gap-3 rounded-md border p-3 text-sm ${danger ? 'border-red-300 bg-red-50 dark:border-red-900 dark:bg-red-950' : 'border-slate-300 bg-white dark:border-slate-700 dark:bg-slate-900'}`}
      >
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <p className="break-words">{prompt}</p>
        <div>
          <ConfirmButton label={confirmLabel} pendingLabel={pendingLabel} danger={danger} />
        </div>
      </form>
    </details>
  );
}

function ConfirmButton({ label, pendingLabel, danger }: { label: string; pendingLabel: string; danger: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className={`inline-flex min-h-11 items-center rounded-md px-4 font-medium text-white disabled:opacity-60 sm:min-h-9 ${danger ? 'bg-red-700 hover:bg-red-600' : 'bg-indigo-600 hover:bg-indigo-500'}`}
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
