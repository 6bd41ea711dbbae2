/**
 * Which paths the gate protects (edge-safe, no imports). Shared by `middleware.ts` and the
 * `authorized` callback in `auth.config.ts`; kept apart from the config object so the gate's
 * bundle carries only these predicates.
 */

/** Route groups that need a session (pages; `/api/*` answers 401 itself and is never redirected). */
export const PROTECTED_PREFIXES = ['/dashboard', '/profile', '/products', '/admin'] as const;
export const ADMIN_PREFIX = '/admin';

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export function isAdminPath(pathname: string): boolean {
  return pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`);
}
