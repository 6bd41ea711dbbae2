/**
 * What a refused sign-in says, by the `code` the credentials check gives (lib/auth/credentials.ts):
 * `form` is shown by the `/login` form action and by `/login?code=` after Auth.js's redirect;
 * `api` is the JSON `error` of `POST /api/auth/callback/credentials` (429/503).
 */
export const SIGN_IN_FAILURES = {
  invalid: { form: 'Invalid email or password.' },
  rate_limited: { form: 'Too many sign-in attempts. Wait a few minutes and try again.', api: 'Too many sign-in attempts, try again later' },
  unavailable: { form: 'Sign-in is temporarily unavailable. Please try again shortly.', api: 'Sign-in is temporarily unavailable' },
} as const;

type Code = keyof typeof SIGN_IN_FAILURES;

/** The form's message for `code`; `fallback` for a missing or unknown code. */
export function signInMessage(code: string | undefined, fallback: string = SIGN_IN_FAILURES.invalid.form): string {
  return code !== undefined && Object.hasOwn(SIGN_IN_FAILURES, code) ? SIGN_IN_FAILURES[code as Code].form : fallback;
}
