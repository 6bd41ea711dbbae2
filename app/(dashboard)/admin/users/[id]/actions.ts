'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/safe-action';
import { endUserSessionAsAdmin, resetFactorsAsAdmin } from '@/lib/auth';
import { uuidSchema } from '@/lib/core/validation';

/** An admin ends one session of a user (audited); re-checks the admin session itself. */
export const endUserSessionAction = validatedAction(
  'admin',
  z.strictObject({ userId: uuidSchema, sessionId: uuidSchema }),
  async ({ userId, sessionId }, session) => {
    await endUserSessionAsAdmin(session.user.id, userId, sessionId);
    revalidatePath(`/admin/users/${userId}`);
    return { status: 'success', message: 'Session ended' };
  },
  { sudo: true },
);

/** An admin resets the user's second factors (audited, mailed to the user); re-authenticated (sudo). */
export const resetFactorsAction = validatedAction(
  'admin',
  z.strictObject({ userId: uuidSchema }),
  async ({ userId }, session) => {
    await resetFactorsAsAdmin(session.user.id, userId);
    revalidatePath(`/admin/users/${userId}`);
    return { status: 'success', message: 'Two-step verification was reset. The user was told by email.' };
  },
  { sudo: true },
);
