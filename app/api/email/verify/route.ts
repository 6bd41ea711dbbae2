import { verifyEmail } from '@/lib/account-recovery/email-verification';
import { handler } from '@/lib/api/handler';
import { verifyEmailSchema } from '@/lib/schemas/account';

/** `POST /api/email/verify` `{ token }` → 200 `{ userId }`; 400 for a link that cannot be used (nothing changes). */
export const POST = handler({ access: 'public', body: verifyEmailSchema }, async ({ body }) => verifyEmail(body.token));
