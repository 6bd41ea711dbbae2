/**
 * The one keyset pager of the app's lists (products, admin users): newest first on
 * (created_at, id), a page fetched as `limit + 1` rows to know whether another follows, and the
 * opaque `?cursor=` that carries the last row's position: base64url of "<created_at µs>.<id>".
 * Clients must not build cursors; anything that does not decode to that exact shape is refused
 * (null), never sent to SQL.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { UUID_SOURCE } from '@/lib/core/uuid';

/** A position in a newest-first list: created_at in microseconds since the epoch, and the id. */
export interface Keyset {
  createdAtMicros: string;
  id: string;
}

export interface KeysetPage<T> {
  items: T[];
  nextCursor: Keyset | null;
}

// JS dates stop at milliseconds, Postgres keeps microseconds: the cursor carries the exact value
// so rows created within the same millisecond are neither skipped nor repeated.
export function keysetMicros(createdAt: AnyColumn): SQL<string> {
  return sql<string>`(extract(epoch from ${createdAt}) * 1000000)::bigint::text`;
}

/** Rebuilds the exact timestamp text from microseconds (always valid input for Postgres). */
function microsToTimestamp(micros: string): string {
  const value = BigInt(micros);
  const ms = value / 1000n;
  const rest = (value % 1000n).toString().padStart(3, '0');
  return new Date(Number(ms)).toISOString().replace('Z', `${rest}Z`);
}

/** The rows strictly after `cursor` in (createdAt desc, id desc) order; no condition without one. */
export function afterKeyset(createdAt: AnyColumn, id: AnyColumn, cursor: Keyset | null | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return sql`(${createdAt}, ${id}) < (${microsToTimestamp(cursor.createdAtMicros)}::timestamptz, ${cursor.id}::uuid)`;
}

/** `limit + 1` rows selected with `cursorMicros: keysetMicros(...)` → one page and the next position. */
export function keysetPage<T extends { id: string; cursorMicros: string }>(rows: T[], limit: number): KeysetPage<Omit<T, 'cursorMicros'>> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(({ cursorMicros: _drop, ...item }) => item),
    nextCursor: hasMore && last ? { createdAtMicros: last.cursorMicros, id: last.id } : null,
  };
}

const SHAPE = new RegExp(`^(\\d{1,16})\\.(${UUID_SOURCE})$`);

export function encodeCursor(cursor: Keyset): string {
  return Buffer.from(`${cursor.createdAtMicros}.${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): Keyset | null {
  if (!/^[A-Za-z0-9_-]{1,96}$/.test(value)) return null;
  const match = SHAPE.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) return null;
  return { createdAtMicros: match[1]!, id: match[2]! };
}
