'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/safe-action';
import { endUserSessionAsAdmin } from '@/lib/auth';
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
