'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedAction } from '@/lib/actions/safe-action';
import { createAccessToken, isRecentlyAuthenticated, revokeAccessToken } from '@/lib/auth';
import { uuidSchema } from '@/lib/core/validation';
import { createTokenFormSchema } from '@/lib/schemas/access-token';

/** The create form's state: the secret, shown once, on success. */
export type TokenActionState = ActionState & { token?: string };

/**
 * Creates a token: sudo mode (outside the window the form asks "Confirm it's you" and then
 * completes; the gate re-issued the cookie with a fresh authentication time before this runs).
 */
export const createTokenAction = validatedAction(
  'user',
  createTokenFormSchema,
  async (data, session) => {
    const acting = isRecentlyAuthenticated(session) ? session : { ...session, reauthAt: Math.floor(Date.now() / 1000) };
    const created = await createAccessToken(acting, { name: data.name, scope: data.scope, expiresInDays: data.expiresInDays });
    revalidatePath('/profile/tokens');
    const state: TokenActionState = { status: 'success', message: `Token “${created.name}” created. Copy it now: it is not shown again.`, token: created.token };
    return state;
  },
  { sudo: true },
);

/** Revokes one of the user's tokens: refused from its next request on. */
export const revokeTokenAction = validatedAction('user', z.strictObject({ tokenId: uuidSchema }), async (data, session) => {
  await revokeAccessToken(session.user.id, data.tokenId);
  revalidatePath('/profile/tokens');
  return { status: 'success', message: 'Token revoked: it stops working on its next request.' };
});
