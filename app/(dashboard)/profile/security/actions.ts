'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/safe-action';
import { signIn } from '@/auth';
import {
  changeOwnPassword,
  signOutEverywhere,
  clearSessionCookie,
  signOutDevice,
  signOutOtherDevices,
  startConnectingProvider,
  disconnectProvider,
} from '@/lib/auth';
import { passwordSchema, uuidSchema } from '@/lib/core/validation';

const changePasswordSchema = z
  .strictObject({
    currentPassword: z.string().min(1, { message: 'Enter your current password' }),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' });

/**
 * Current password required (that is the re-authentication of this sensitive action, checked in the
 * sign-in budget); every other session is revoked and this one continues with a new cookie.
 */
export const changePasswordAction = validatedAction('user', changePasswordSchema, async (data, session) => {
  await changeOwnPassword(session.user.id, session.sid, data.currentPassword, data.newPassword);
  return { status: 'success', message: 'Password changed. Your other devices were signed out.' };
});

/** Every device, this one included: the cookie is cleared here and the browser goes to /login. */
export const signOutEverywhereAction = validatedAction(
  'user',
  z.strictObject({}),
  async (_data, session) => {
    await signOutEverywhere(session.user.id);
    await clearSessionCookie();
    redirect('/login?signedOut=everywhere');
  },
  { sudo: true },
);

/** "Sign out this device" on one row of the device list; the current row signs this browser out. */
export const signOutDeviceAction = validatedAction(
  'user',
  z.strictObject({ sessionId: uuidSchema }),
  async ({ sessionId }, session) => {
    const { current } = await signOutDevice(session.user.id, session.sid, sessionId);
    if (current) redirect('/login');
    revalidatePath('/profile/security');
    return { status: 'success', message: 'That device was signed out.' };
  },
  // Ending another device is sensitive; signing this one out is not.
  { sudo: ({ sessionId }: { sessionId: string }, session) => sessionId !== session.sid },
);

/** Every other device is signed out; this one continues with a re-issued cookie. */
export const signOutOtherDevicesAction = validatedAction(
  'user',
  z.strictObject({}),
  async (_data, session) => {
    await signOutOtherDevices(session.user.id, session.sid);
    revalidatePath('/profile/security');
    return { status: 'success', message: 'Every other device was signed out.' };
  },
  { sudo: true },
);

const providerSchema = z.string().min(1).max(40);

/**
 * "Connect <provider>": the password again (re-authentication), then through the provider; the
 * identity it returns is linked to this account (or refused when another account holds it).
 */
export const connectProviderAction = validatedAction(
  'user',
  z.strictObject({ provider: providerSchema, password: z.string().max(1024).default('') }),
  async ({ provider, password }, session) => {
    await startConnectingProvider(session, provider, password);
    await signIn(provider, { redirectTo: '/profile/security' });
  },
);

/** Removes a connected account, unless it is the last way to sign in. */
export const disconnectProviderAction = validatedAction(
  'user',
  z.strictObject({ provider: providerSchema }),
  async ({ provider }, session) => {
    await disconnectProvider(session.user.id, provider);
    revalidatePath('/profile/security');
    return { status: 'success', message: 'The account was disconnected.' };
  },
  { sudo: true },
);
