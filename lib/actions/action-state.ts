/**
 * The state a form's action returns, in a module without 'server-only' so client forms can import
 * the type and the idle value (the action wrapper itself is server-only).
 */
export type ActionState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
};

/** What `useActionState` starts from: nothing submitted yet. */
export const idleState: ActionState = { status: 'idle' };
