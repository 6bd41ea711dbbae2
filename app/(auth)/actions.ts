'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AuthError } from 'next-auth';
import { z } from 'zod';
import { signIn } from '@/auth';
import { registerAccount, EMAIL_TAKEN, TOO_MANY_SIGN_UPS } from '@/lib/accounts';
import { configuredProviders } from '@/lib/auth';
import { submittedValues, validatedAction } from '@/lib/actions/safe-action';
import { toAppError } from '@/lib/core/errors';
import { safeRedirectPath } from '@/lib/core/safe-redirect';
import { logFailure } from '@/lib/failure-log';
import { registerSchema } from '@/lib/schemas/account';
import { SIGN_IN_FAILURES, signInMessage } from '@/lib/sign-in-messages';

// Sign-in checks nothing itself (a missing field is just a wrong password); the form may carry more.
const signInFormSchema = z.object({ email: z.string().default(''), password: z.string().default(''), callbackUrl: z.unknown().optional() });
// The form also posts fields the account does not have: those are ignored, not refused.
const registerFormSchema = z.object(registerSchema.shape);

/** Email + password sign-in from the `/login` form (works with and without JavaScript). */
export const signInWithPassword = validatedAction('public', signInFormSchema, async ({ email, password, callbackUrl }) => {
  // An empty field is the user's slip, not a guess: answered here, before the sign-in throttle counts it.
  const missing = missingSignInFields(email, password);
  if (missing) return { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors: missing, values: { email } };
  const redirectTo = safeRedirectPath(callbackUrl);
  let refused: string | undefined;
  try {
    // `twoStep`: for an account with an authenticator app, the check starts this browser's pending second step.
    await signIn('credentials', { email, password, twoStep: '1', redirectTo });
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    refused = (err as AuthError & { code?: string }).code;
  }
  if (refused === 'second-factor-required') redirect(twoStepPath(redirectTo));
  return { status: 'error', message: signInMessage(refused), values: { email } };
});

const twoStepPath = (callbackUrl: string, method?: 'recovery') => {
  const query = new URLSearchParams({ callbackUrl });
  if (method) query.set('method', method);
  return `/login/two-step?${query}`;
};

const twoStepFormSchema = z.object({ code: z.string().default(''), callbackUrl: z.unknown().optional(), method: z.string().optional() });

/** `/login/two-step`: the code (or a recovery code) that finishes this browser's pending sign-in. */
export const signInWithSecondFactor = validatedAction('public', twoStepFormSchema, async ({ code, callbackUrl, method }) => {
  if (!code.trim()) {
    const message = method === 'recovery' ? 'Enter one of your recovery codes' : 'Enter the 6-digit code from your authenticator app';
    return { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors: { code: [message] } };
  }
  let refused: string | undefined;
  try {
    await signIn('credentials', { pending: '1', code: code.trim(), redirectTo: safeRedirectPath(callbackUrl) });
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    refused = (err as AuthError & { code?: string }).code;
  }
  // Used, expired or foreign: the password step again.
  if (refused === 'second-factor-expired') redirect(`/login?error=CredentialsSignin&code=second-factor-expired&callbackUrl=${encodeURIComponent(safeRedirectPath(callbackUrl))}`);
  const message = signInMessage(refused);
  return { status: 'error', message, fieldErrors: refused === 'second-factor-invalid' ? { code: [message] } : undefined };
});

const passkeySignInSchema = z.object({ response: z.string().max(32_768).default(''), callbackUrl: z.unknown().optional() });

/**
 * "Sign in with a passkey" and passkey autofill on `/login`: `response` is the JSON of
 * @simplewebauthn/browser's `startAuthentication()`, verified by the `passkey` provider (auth.ts).
 */
export const signInWithPasskey = validatedAction('public', passkeySignInSchema, async ({ response, callbackUrl }) => {
  try {
    await signIn('passkey', { response, redirectTo: safeRedirectPath(callbackUrl) });
  } catch (err) {
    if (err instanceof AuthError) return { status: 'error', message: signInMessage((err as AuthError & { code?: string }).code, SIGN_IN_FAILURES.passkey_invalid.form) };
    throw err;
  }
});

function missingSignInFields(email: string, password: string): Record<string, string[]> | undefined {
  const errors: Record<string, string[]> = {};
  if (!email.trim()) errors.email = ['Enter your email address'];
  if (!password) errors.password = ['Enter your password'];
  return Object.keys(errors).length ? errors : undefined;
}

/** A provider's button on /login (rendered only for a configured provider: GitHub, the OIDC provider). */
export async function signInWithProvider(formData: FormData): Promise<void> {
  const provider = formData.get('provider');
  const known = configuredProviders().find((p) => p.id === provider);
  if (!known) redirect('/login');
  await signIn(known.id, { redirectTo: safeRedirectPath(formData.get('callbackUrl')) });
}

/** `/register`: create the account, then sign in and land on the dashboard. */
export const registerWithPassword = validatedAction('public', registerFormSchema, async (data, _session, formData) => {
  const values = submittedValues(formData);
  try {
    await registerAccount(data, await headers());
  } catch (err) {
    const appError = toAppError(err);
    if (appError.status === 409) return { status: 'error', message: EMAIL_TAKEN, fieldErrors: { email: [EMAIL_TAKEN] }, values };
    // A sign-up limit (lib/accounts.ts): nothing was hashed, stored or mailed.
    if (appError.status === 429) return { status: 'error', message: TOO_MANY_SIGN_UPS, values };
    logFailure('registration', err, appError);
    return { status: 'error', message: appError.status === 503 ? appError.message : 'Registration failed. Please try again.', values };
  }
  try {
    await signIn('credentials', { email: data.email, password: data.password, redirectTo: '/dashboard' });
  } catch (err) {
    if (err instanceof AuthError) return { status: 'error', message: 'Account created. Please sign in.', values };
    throw err;
  }
});
