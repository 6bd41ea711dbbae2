'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { validatedAction } from '@/lib/actions/safe-action';
import { revokeAccessToken } from '@/lib/auth';
import { uuidSchema } from '@/lib/core/validation';

/** An admin revokes one personal access token of a user (audited): refused from its next request on. */
export const revokeUserTokenAction = validatedAction(
  'admin',
  z.strictObject({ userId: uuidSchema, tokenId: uuidSchema }),
  async ({ userId, tokenId }, session) => {
    await revokeAccessToken(userId, tokenId, session.user.id);
    revalidatePath(`/admin/users/${userId}`);
    return { status: 'success', message: 'Token revoked' };
  },
);
