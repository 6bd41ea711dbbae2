'use client';
/**
 * The one outcome line of a form or page: an error is an alert, a success a polite status.
 * `compact` is the inline variant (a row's actions, the delete confirmation) without a box.
 * With JavaScript, focus moves to a form's outcome each time its action answers, so a keyboard or
 * screen-reader user lands on the result instead of the page body; without it the page simply
 * reloads with the notice in place (nothing here depends on the effect).
 */
import { useEffect, useRef } from 'react';
import type { ActionState } from '@/lib/actions/action-state';

type Tone = 'error' | 'success';

const BOX: Record<Tone, string> = {
  error: 'rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200',
  success: 'rounded-md bg-green-50 p-3 text-sm text-green-800 dark:bg-green-950 dark:text-green-200',
};
const INLINE: Record<Tone, string> = {
  error: 'text-sm text-red-800 dark:text-red-200',
  success: 'text-sm text-green-800 dark:text-green-200',
};
const FOCUS = 'focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500';

export function Notice({
  tone,
  compact = false,
  children,
  ref,
}: {
  tone: Tone;
  compact?: boolean;
  children: React.ReactNode;
  ref?: React.Ref<HTMLParagraphElement>;
}) {
  return (
    <p ref={ref} tabIndex={ref ? -1 : undefined} role={tone === 'error' ? 'alert' : 'status'} className={`${(compact ? INLINE : BOX)[tone]} ${FOCUS}`} data-notice={tone}>
      {children}
    </p>
  );
}

/** Nothing while idle or when the action said nothing; otherwise its message, focused when it arrives. */
export function FormNotice({ state, compact }: { state: ActionState; compact?: boolean }) {
  const ref = useRef<HTMLParagraphElement>(null);
  // A new state object is a new answer from the action (even with the same message): focus it.
  useEffect(() => {
    if (state.status !== 'idle') ref.current?.focus();
  }, [state]);
  // Sudo mode's question is asked by <ConfirmItsYou /> (with its own errors), not as a failure.
  if (state.status === 'idle' || !state.message || state.code === 'reauthentication-required') return null;
  return (
    <Notice tone={state.status} compact={compact} ref={ref}>
      {state.message}
    </Notice>
  );
}
