/**
 * The roles a user can have: one list for the database enum, the token claim, the admin form's
 * schema and every check (edge-safe, no imports).
 */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
