// Benchmark overlay (never shipped): a route handler that only passes `requireApiSession`, for the
// counts of the session check itself, with a cookie or a personal access token.
import { handler } from '@/lib/api/handler';

export const GET = handler({ access: 'user' }, async ({ session }) => ({ id: session.user.id }));
