import { handler } from '@/lib/api/handler';

/**
 * `POST /api/session/refresh`: a page render saw a stale token but cannot set cookies, so the
 * browser asks here once. The session lookup (one database read) re-issues the cookie with the
 * fresh claims; from then on the token matches the KV marker again (0 database reads).
 */
export const POST = handler({ access: 'user' }, async ({ session }) => ({ role: session.user.role, authzVersion: session.authzVersion }));
