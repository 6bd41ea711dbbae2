/**
 * What a refused sign-in says, by the `code` the credentials check gives (lib/auth/credentials.ts):
 * `form` is shown by the `/login` form action and by `/login?code=` after Auth.js's redirect;
 * `api` is the JSON `error` of `POST /api/auth/callback/credentials` (429/503).
 */
export const SIGN_IN_FAILURES = {
  invalid: { form: 'Invalid email or password.' },
  passkey_invalid: { form: 'That passkey could not sign you in. Try again, or sign in with your email and password.' },
  rate_limited: { form: 'Too many sign-in attempts. Wait a few minutes and try again.', api: 'Too many sign-in attempts, try again later' },
  unavailable: { form: 'Sign-in is temporarily unavailable. Please try again shortly.', api: 'Sign-in is temporarily unavailable' },
  // An account with an authenticator app (lib/auth/credentials.ts): the second step.
  'second-factor-required': { form: 'Enter the code from your authenticator app to finish signing in.' },
  'second-factor-invalid': { form: 'That code is not correct, or it was already used. Try the next code from your app, or a recovery code.' },
  'second-factor-expired': { form: 'Your sign-in has expired. Please sign in again.' },
} as const;

type Code = keyof typeof SIGN_IN_FAILURES;

/** The form's message for `code`; `fallback` for a missing or unknown code. */
export function signInMessage(code: string | undefined, fallback: string = SIGN_IN_FAILURES.invalid.form): string {
  return code !== undefined && Object.hasOwn(SIGN_IN_FAILURES, code) ? SIGN_IN_FAILURES[code as Code].form : fallback;
}

/**
 * What a refused provider sign-in says (`/login?error=ProviderSignIn&code=…&provider=…`, from
 * `lib/auth/provider-callback.ts`), with the provider's button label in it.
 */
const PROVIDER_SIGN_IN_FAILURES: Record<string, (provider: string) => string> = {
  link_required: (p) => `An account with this email address already exists. Sign in with your password, then connect ${p} on the Security page.`,
  provider_unverified: (p) => `${p} did not confirm that your email address is verified, so it cannot be used to sign in here.`,
  account_disabled: () => 'This account cannot sign in.',
  unavailable: () => SIGN_IN_FAILURES.unavailable.form,
};

export function providerSignInMessage(code: string | undefined, provider: string): string {
  const message = code !== undefined && Object.hasOwn(PROVIDER_SIGN_IN_FAILURES, code) ? PROVIDER_SIGN_IN_FAILURES[code] : undefined;
  return message ? message(provider) : 'Sign-in failed. Check your details and try again.';
}
