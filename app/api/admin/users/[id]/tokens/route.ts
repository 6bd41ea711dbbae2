import { handler } from '@/lib/api/handler';
import { listAccessTokens } from '@/lib/auth';
import { idParamsSchema } from '@/lib/core/validation';

/** `GET /api/admin/users/:id/tokens` → `{ items }`: that user's usable personal access tokens (never a secret). */
export const GET = handler({ access: 'admin', params: idParamsSchema, notFoundMessage: 'User not found' }, async ({ params }) => ({
  items: await listAccessTokens(params.id),
}));
