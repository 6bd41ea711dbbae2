/**
 * The state a form's action returns, in a module without 'server-only' so client forms can import
 * the type and the idle value (the action wrapper itself is server-only).
 */
export type ActionState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string[]>;
  values?: Record<string, string>;
  /** Why the action refused, when the form can do something about it: `reauthentication-required` → "Confirm it's you". */
  code?: string;
};

/** Sudo mode's fields on a form (`<ConfirmItsYou />`): the password, or an authenticator-app code. */
export const REAUTH_PASSWORD_FIELD = 'reauthPassword';
export const REAUTH_CODE_FIELD = 'reauthCode';

/** What `useActionState` starts from: nothing submitted yet. */
export const idleState: ActionState = { status: 'idle' };
