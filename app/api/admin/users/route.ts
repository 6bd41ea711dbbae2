import { listAdminUsersPage, readAdminUsersCursor } from '@/lib/admin-reads';
import { handler } from '@/lib/api/handler';
import { validationFailed } from '@/lib/core/errors';
import { searchQuerySchema } from '@/lib/schemas/admin-user';
import { fieldIssues } from '@/lib/core/validation';

/** `GET /api/admin/users?q=<email or name prefix>&cursor=<nextCursor>` → `{ users, nextCursor }`, 50 a page. */
export const GET = handler({ access: 'admin' }, async ({ request }) => {
  const params = new URL(request.url).searchParams;
  const q = searchQuerySchema.safeParse(params.get('q') ?? '');
  if (!q.success) throw validationFailed({ q: Object.values(fieldIssues(q.error)).flat() });
  const rawCursor = params.get('cursor');
  const cursor = rawCursor ? readAdminUsersCursor(rawCursor) : undefined;
  if (cursor === null) throw validationFailed({ cursor: ['Invalid cursor'] });
  return listAdminUsersPage(q.data || undefined, cursor);
});
