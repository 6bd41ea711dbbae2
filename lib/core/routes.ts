/**
 * The gate's route rules (edge-safe): which paths need a session and which need an admin. One
 * pure decision shared by `middleware.ts` and the `authorized` callback in `auth.config.ts`, kept
 * apart from the config object so the gate's bundle carries only these predicates.
 */
import type { Role } from './roles';

/** Route groups that need a session (pages; `/api/*` answers 401 itself and is never redirected). */
export const PROTECTED_PREFIXES = ['/dashboard', '/profile', '/products', '/admin'] as const;
export const ADMIN_PREFIX = '/admin';

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export function isAdminPath(pathname: string): boolean {
  return pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`);
}

export type GateDecision = 'pass' | 'sign-in' | 'unauthorized';

/**
 * The request header the edge gate sets to its decision on a protected page it lets through (a
 * client's own value is replaced), read by the Node side's decision span (`lib/telemetry.ts`).
 */
export const GATE_DECISION_HEADER = 'x-auth-gate';

/**
 * What the gate does with a request for `pathname` by a session of `role` (null: no valid
 * session). Callers may skip reading the token when `isProtectedPath` is false: the answer is
 * then 'pass' whatever the role.
 */
export function gateDecision(pathname: string, role: Role | null): GateDecision {
  if (!isProtectedPath(pathname)) return 'pass';
  if (role === null) return 'sign-in';
  if (isAdminPath(pathname) && role !== 'admin') return 'unauthorized';
  return 'pass';
}
