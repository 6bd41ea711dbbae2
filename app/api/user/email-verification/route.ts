import { resendVerificationEmail } from '@/lib/account-recovery/email-verification';
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';

/** `POST /api/user/email-verification` → 202: a new verification link is sent. 409 already verified; 429 throttled; 503 mail down. */
export const POST = handler({ access: 'user' }, async ({ session, request }) => {
  await resendVerificationEmail(session.user, session.user.emailVerified, request.headers);
  return json({ message: `We sent a new link to ${session.user.email}.` }, { status: 202 });
});
