'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { ActionState } from '@/lib/actions/action-state';
import { validatedAction } from '@/lib/actions/safe-action';
import { createAccessToken, isRecentlyAuthenticated, revokeAccessToken, verifyCurrentPassword } from '@/lib/auth';
import { uuidSchema } from '@/lib/core/validation';
import { createTokenFormSchema } from '@/lib/schemas/access-token';

/** The create form's state: the secret, shown once, on success. */
export type TokenActionState = ActionState & { token?: string };

const createSchema = createTokenFormSchema.extend({ reauthPassword: z.string().max(256).optional() });

/**
 * Creates a token. Outside the sudo-mode window the form asks for the current password
 * (`reauthPassword`) and the token is created only once it is right.
 */
export const createTokenAction = validatedAction('user', createSchema, async (data, session) => {
  let acting = session;
  if (!isRecentlyAuthenticated(session)) {
    if (!data.reauthPassword) {
      return { status: 'error', message: 'Confirm it’s you: enter your current password.', fieldErrors: { reauthPassword: ['Enter your current password'] } };
    }
    await verifyCurrentPassword(session.user.id, data.reauthPassword);
    acting = { ...session, reauthAt: Math.floor(Date.now() / 1000) };
  }
  const created = await createAccessToken(acting, { name: data.name, scope: data.scope, expiresInDays: data.expiresInDays });
  revalidatePath('/profile/tokens');
  const state: TokenActionState = { status: 'success', message: `Token “${created.name}” created. Copy it now: it is not shown again.`, token: created.token };
  return state;
});

/** Revokes one of the user's tokens: refused from its next request on. */
export const revokeTokenAction = validatedAction('user', z.strictObject({ tokenId: uuidSchema }), async (data, session) => {
  await revokeAccessToken(session.user.id, data.tokenId);
  revalidatePath('/profile/tokens');
  return { status: 'success', message: 'Token revoked: it stops working on its next request.' };
});
