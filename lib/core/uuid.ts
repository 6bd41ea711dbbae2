/**
 * The one uuid shape: any 8-4-4-4-12 hex id Postgres accepts as a `uuid` (no version check: ids
 * come from the database, and an id that cannot exist must only ever mean "not found"). Kept apart
 * from validation.ts so the edge gate's token check can use it without bundling zod.
 */
/** For patterns that embed an id (cursors). */
export const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const UUID_PATTERN = new RegExp(`^${UUID_SOURCE}$`, 'i');

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
