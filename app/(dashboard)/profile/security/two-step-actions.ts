'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { confirmTotpSetup, disableTotp, regenerateRecoveryCodes, startTotpSetup } from '@/lib/auth';
import { validatedAction } from '@/lib/actions/safe-action';

// Every form here is sudo mode (`{ sudo: true }`): an authentication older than the window gets "Confirm it's you" first.

/** "Set up an authenticator app": a pending set-up (the section then shows its QR code and key). */
export const startTotpSetupAction = validatedAction(
  'user',
  z.strictObject({}),
  async (_data, session) => {
    await startTotpSetup(session.user);
    revalidatePath('/profile/security');
    return { status: 'success', message: 'Scan the QR code with your authenticator app (or type the key), then enter the code it shows.' };
  },
  { sudo: true },
);

/** The first code from the app: two-step verification is on; the 10 recovery codes come back once. */
export const confirmTotpSetupAction = validatedAction(
  'user',
  z.strictObject({ code: z.string().trim().min(1, 'Enter the 6-digit code from your authenticator app').max(16) }),
  async ({ code }, session) => {
    const { recoveryCodes } = await confirmTotpSetup(session.user, code);
    revalidatePath('/profile/security');
    return { status: 'success', message: 'Two-step verification is on.', values: { recoveryCodes: recoveryCodes.join(' ') } };
  },
  { sudo: true },
);

/** "Generate new recovery codes": the old ones stop working; the new ones come back once. */
export const regenerateRecoveryCodesAction = validatedAction(
  'user',
  z.strictObject({}),
  async (_data, session) => {
    const { recoveryCodes } = await regenerateRecoveryCodes(session.user.id);
    revalidatePath('/profile/security');
    return { status: 'success', message: 'New recovery codes: the old ones no longer work.', values: { recoveryCodes: recoveryCodes.join(' ') } };
  },
  { sudo: true },
);

/** "Turn off": the authenticator app and its recovery codes are removed. */
export const disableTotpAction = validatedAction(
  'user',
  z.strictObject({}),
  async (_data, session) => {
    await disableTotp(session.user.id);
    revalidatePath('/profile/security');
    return { status: 'success', message: 'Two-step verification is off.' };
  },
  { sudo: true },
);
