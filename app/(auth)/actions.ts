'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/auth';
import { registerAccount, EMAIL_TAKEN } from '@/lib/accounts';
import { formToObject, isNavigationSignal, MALFORMED_SUBMISSION, type ActionState } from '@/lib/actions/safe-action';
import { isAppError, toAppError } from '@/lib/core/errors';
import { safeRedirectPath } from '@/lib/core/safe-redirect';
import { registerSchema } from '@/lib/schemas/account';
import { fieldIssues } from '@/lib/core/validation';

const SIGN_IN_MESSAGES: Record<string, string> = {
  invalid: 'Invalid email or password.',
  rate_limited: 'Too many sign-in attempts. Wait a few minutes and try again.',
  unavailable: 'Sign-in is temporarily unavailable. Please try again shortly.',
};

function signInMessage(err: AuthError): string {
  const code = (err as AuthError & { code?: string }).code;
  return SIGN_IN_MESSAGES[code ?? 'invalid'] ?? SIGN_IN_MESSAGES.invalid!;
}

/** Email + password sign-in from the `/login` form (works with and without JavaScript). */
export async function signInWithPassword(_prev: ActionState, formData: FormData): Promise<ActionState> {
  if (!(formData instanceof FormData)) return MALFORMED_SUBMISSION;
  const email = String(formData.get('email') ?? '');
  const redirectTo = safeRedirectPath(formData.get('callbackUrl'));
  try {
    await signIn('credentials', { email, password: String(formData.get('password') ?? ''), redirectTo });
    return { status: 'success' };
  } catch (err) {
    if (isNavigationSignal(err)) throw err;
    if (err instanceof AuthError) return { status: 'error', message: signInMessage(err), values: { email } };
    throw err;
  }
}

/** "Sign in with GitHub" (only rendered when AUTH_GITHUB_ID/AUTH_GITHUB_SECRET are set). */
export async function signInWithGitHub(formData: FormData): Promise<void> {
  await signIn('github', { redirectTo: safeRedirectPath(formData.get('callbackUrl')) });
}

/** `/register`: create the account, then sign in and land on the dashboard. */
export async function registerWithPassword(_prev: ActionState, formData: FormData): Promise<ActionState> {
  if (!(formData instanceof FormData)) return MALFORMED_SUBMISSION;
  const input = formToObject(formData);
  const values = { name: input.name ?? '', email: input.email ?? '' };
  const parsed = registerSchema.safeParse({ name: input.name, email: input.email, password: input.password });
  if (!parsed.success) {
    return { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors: fieldIssues(parsed.error), values };
  }
  try {
    await registerAccount(parsed.data);
  } catch (err) {
    const appError = toAppError(err);
    if (appError.status === 409) return { status: 'error', message: EMAIL_TAKEN, fieldErrors: { email: [EMAIL_TAKEN] }, values };
    if (!isAppError(err)) console.error('Registration failed', err);
    return { status: 'error', message: appError.status === 503 ? appError.message : 'Registration failed. Please try again.', values };
  }
  try {
    await signIn('credentials', { email: parsed.data.email, password: parsed.data.password, redirectTo: '/dashboard' });
  } catch (err) {
    if (isNavigationSignal(err)) throw err;
    if (err instanceof AuthError) return { status: 'error', message: 'Account created. Please sign in.', values };
    throw err;
  }
  return { status: 'success' };
}
