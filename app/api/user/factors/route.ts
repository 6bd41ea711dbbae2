import { handler } from '@/lib/api/handler';
import { getFactorSummary } from '@/lib/auth';

/** `GET /api/user/factors` → `{ totp, passkeys, recoveryCodesLeft }`: the account's second factors. */
export const GET = handler({ access: 'user', read: ({ user }) => getFactorSummary(user.id) }, async ({ read }) => read);
