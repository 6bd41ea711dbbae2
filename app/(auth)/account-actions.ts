'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { resendVerificationEmail, verifyEmail } from '@/lib/account-recovery/email-verification';
import { requestPasswordReset, resetPassword, RESET_REQUESTED } from '@/lib/account-recovery/password-reset';
import { validatedAction } from '@/lib/actions/safe-action';
import { forgotPasswordSchema, resetPasswordFormSchema, verifyEmailSchema } from '@/lib/schemas/account';

/** /forgot-password: the same answer for every address (see `requestPasswordReset`). */
export const forgotPasswordAction = validatedAction('public', forgotPasswordSchema, async ({ email }) => {
  await requestPasswordReset(email, await headers());
  return { status: 'success', message: RESET_REQUESTED };
});

/** /reset-password: new password from the emailed link; every session ends and this browser is signed in. */
export const resetPasswordAction = validatedAction('public', resetPasswordFormSchema, async ({ token, password }) => {
  const { secondFactorRequired } = await resetPassword(token, password);
  // The password is changed; with an authenticator app the session comes only after its code.
  redirect(secondFactorRequired ? '/login/two-step?callbackUrl=%2Fdashboard' : '/dashboard');
});

/** /verify-email: a POST (never the link's GET) marks the address verified. */
export const verifyEmailAction = validatedAction('public', verifyEmailSchema, async ({ token }) => {
  await verifyEmail(token);
  redirect('/verify-email?verified=1');
});

/** The dashboard banner's "Resend": throttled per user. */
export const resendVerificationAction = validatedAction('user', z.strictObject({}), async (_data, session) => {
  await resendVerificationEmail(session.user, session.user.emailVerified, await headers());
  return { status: 'success', message: `We sent a new link to ${session.user.email}.` };
});
