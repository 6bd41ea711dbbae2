/**
 * The one outcome line of a form or page: an error is an alert, a success a polite status.
 * `compact` is the inline variant (a row's actions, the delete confirmation) without a box.
 */
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

export function Notice({ tone, compact = false, children }: { tone: Tone; compact?: boolean; children: React.ReactNode }) {
  return (
    <p role={tone === 'error' ? 'alert' : 'status'} className={(compact ? INLINE : BOX)[tone]}>
      {children}
    </p>
  );
}

/** Nothing while idle or when the action said nothing; otherwise its message. */
export function FormNotice({ state, compact }: { state: ActionState; compact?: boolean }) {
  if (state.status === 'idle' || !state.message) return null;
  return (
    <Notice tone={state.status} compact={compact}>
      {state.message}
    </Notice>
  );
}
