/**
 * An admin resets a user's second factors (the user lost their phone and their recovery codes):
 * the authenticator app, its recovery codes and every passkey go, in one authorization change
 * (`changeFactors`): audited with the admin as actor, mailed to the user, and every token of the
 * user that rested on those factors loses `mfa` on its next request. The user's sign-ins stay;
 * they set up a factor again from the Security page. Route handlers and actions call it only
 * with a re-authenticated admin session (sudo mode).
 */
import 'server-only';
import { deleteAllFactors } from '@/db/queries/factors';
import { conflict, notFound } from '@/lib/core/errors';
import { changeFactors } from './factor-change';

export const NO_FACTOR_TO_RESET = 'This user has no second factor to reset';

export async function resetFactorsAsAdmin(actorId: string, targetId: string): Promise<void> {
  const outcome = await changeFactors(targetId, {
    audit: { action: 'factor.reset_by_admin', actorId },
    apply: async (tx) => {
      const removed = await deleteAllFactors(tx, targetId);
      if (!removed.totp && removed.passkeys === 0 && removed.recoveryCodes === 0) return { refuse: NO_FACTOR_TO_RESET };
      return {
        value: undefined,
        notice: {
          subject: 'Your two-step verification was reset by an admin',
          lines: [
            'An administrator reset the two-step verification of your edge-sessions account:',
            `your authenticator app${removed.passkeys ? ` and ${removed.passkeys === 1 ? 'your passkey' : `your ${removed.passkeys} passkeys`}` : ''} no longer sign you in.`,
            'Set up two-step verification again on the Security page.',
          ],
        },
      };
    },
  });
  if (outcome.status === 'no_user') throw notFound('User not found');
  if (outcome.status === 'refused') throw conflict(outcome.reason);
}
