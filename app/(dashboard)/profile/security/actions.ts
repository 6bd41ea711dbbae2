'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/safe-action';
import { changeOwnPassword, signOutEverywhere, clearSessionCookie } from '@/lib/auth';
import { passwordSchema } from '@/lib/core/validation';

const changePasswordSchema = z
  .strictObject({
    currentPassword: z.string().min(1, { message: 'Enter your current password' }),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' });

/** Current password required; every other session is revoked and this one continues with a new cookie. */
export const changePasswordAction = validatedAction('user', changePasswordSchema, async (data, session) => {
  await changeOwnPassword(session.user.id, session.sid, data.currentPassword, data.newPassword);
  return { status: 'success', message: 'Password changed. Your other devices were signed out.' };
});

/** Every device, this one included: the cookie is cleared here and the browser goes to /login. */
export const signOutEverywhereAction = validatedAction('user', z.strictObject({}), async (_data, session) => {
  await signOutEverywhere(session.user.id);
  await clearSessionCookie();
  redirect('/login?signedOut=everywhere');
});
