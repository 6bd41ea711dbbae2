/**
 * One cookie, every surface that must judge it: the edge gate (the real middleware), a route
 * handler (`GET /api/user`), and the data access layer as pages and actions call it.
 */
import { NextRequest } from 'next/server';
import { GET as getUser } from '@/app/api/user/route';
import { getSession } from '@/lib/auth';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';

type Middleware = (request: NextRequest) => Promise<Response>;

export interface Verdicts {
  /** The gate on `/dashboard`: 'pass', 'login' or 'unauthorized'. */
  gate: string;
  /** The gate on `/admin`. */
  adminGate: string;
  api: number;
  /** The session's user id, or null. */
  session: string | null;
}

export async function gateVerdict(middleware: Middleware, path: string, cookie?: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await middleware(new NextRequest(`http://localhost:3000${path}`, { headers: { host: 'localhost:3000', ...headers, ...(cookie ? { cookie } : {}) } }));
  if (response.status === 307) {
    const location = new URL(response.headers.get('location')!);
    return location.pathname === '/login' ? 'login' : location.pathname === '/unauthorized' ? 'unauthorized' : `307 ${location.pathname}`;
  }
  return response.headers.get('x-middleware-next') === '1' ? 'pass' : `status ${response.status}`;
}

export async function judge(middleware: Middleware, cookie?: string): Promise<Verdicts> {
  const gate = await gateVerdict(middleware, '/dashboard', cookie);
  const adminGate = await gateVerdict(middleware, '/admin', cookie);
  const api = (await callRoute(getUser, { path: '/api/user', cookie })).status;
  enterRequest({ cookie, surface: 'page' });
  const session = await getSession();
  return { gate, adminGate, api, session: session?.user.id ?? null };
}

export const DENIED: Verdicts = { gate: 'login', adminGate: 'login', api: 401, session: null };
