import { z } from 'zod';

/** `POST /api/user/totp/confirm`: the first code of the new authenticator app. */
export const totpConfirmSchema = z.strictObject({ code: z.string().trim().min(1, 'Enter the 6-digit code from your authenticator app').max(16) });
