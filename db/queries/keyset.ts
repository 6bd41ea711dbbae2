/**
 * The one keyset pager of the app's lists (products, admin users). A list is ordered by one sort key
 * plus the id as tie-breaker (an `Order`: newest first on created_at, or ascending on a text or
 * integer column); a page is fetched as `limit + 1` rows to know whether another follows, and the
 * opaque `?cursor=` carries the order's name, the last row's key (as exact text) and its id.
 * Clients must not build cursors: anything that does not decode to that shape, or that was issued by
 * another order, is refused (null), never sent to SQL.
 */
import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { UUID_SOURCE } from '@/lib/core/uuid';

/** A position in a list: which order issued it, the last row's sort key as text, and its id. */
export interface Keyset {
  order: string;
  key: string;
  id: string;
}

export interface KeysetPage<T> {
  items: T[];
  nextCursor: Keyset | null;
}

/** How a list is sorted, and how its key travels through a cursor and back into SQL. */
export interface Order {
  /** Carried in the cursor, so a position is only ever used with the order that produced it. */
  name: string;
  direction: 'asc' | 'desc';
  /** The sort expression. */
  key: SQL | AnyColumn;
  /** The key as text, exact (selected as `cursorKey`). */
  keyText: SQL<string>;
  /** A key text from a decoded cursor back into a comparable SQL value. */
  fromText: (text: string) => SQL;
  /** Whether a decoded key text is one this order could have produced. */
  accepts: (text: string) => boolean;
}

// Year 9999 in microseconds: a bigger forged value would be a timestamp Postgres refuses.
const MAX_MICROS = 253402300799999999n;

/**
 * Newest first on a timestamp. JS dates stop at milliseconds, Postgres keeps microseconds: the cursor
 * carries the exact value so rows created within the same millisecond are neither skipped nor repeated.
 */
export function newestFirst(name: string, createdAt: AnyColumn): Order {
  return {
    name,
    direction: 'desc',
    key: createdAt,
    keyText: sql<string>`(extract(epoch from ${createdAt}) * 1000000)::bigint::text`,
    fromText: (micros) => sql`${microsToTimestamp(micros)}::timestamptz`,
    accepts: (text) => /^\d{1,18}$/.test(text) && BigInt(text) <= MAX_MICROS,
  };
}

/** Ascending on a text expression (compared with the database collation, in SQL only). */
export function textAscending(name: string, expression: SQL, maxLength: number): Order {
  return {
    name,
    direction: 'asc',
    key: expression,
    keyText: sql<string>`${expression}`,
    fromText: (text) => sql`${text}::text`,
    // Key texts come from our own column: bounded, and text Postgres can store.
    accepts: (text) => text.length <= maxLength * 4 && !text.includes('\u0000') && text.isWellFormed(),
  };
}

/** Ascending on a non-negative `integer` column. */
export function integerAscending(name: string, column: AnyColumn): Order {
  return {
    name,
    direction: 'asc',
    key: column,
    keyText: sql<string>`${column}::text`,
    fromText: (text) => sql`${text}::integer`,
    accepts: (text) => /^\d{1,10}$/.test(text) && Number(text) <= 2147483647,
  };
}

/** Rebuilds the exact timestamp text from microseconds (always valid input for Postgres). */
function microsToTimestamp(micros: string): string {
  const value = BigInt(micros);
  const ms = value / 1000n;
  const rest = (value % 1000n).toString().padStart(3, '0');
  return new Date(Number(ms)).toISOString().replace('Z', `${rest}Z`);
}

/** ORDER BY the key then the id, both in the order's direction (one index can serve both). */
export function keysetOrderBy(order: Order, id: AnyColumn): SQL[] {
  const dir = order.direction === 'asc' ? asc : desc;
  return [dir(order.key), dir(id)];
}

/** The rows strictly after `cursor` in the order; no condition without one (or for another order's). */
export function afterKeyset(order: Order, id: AnyColumn, cursor: Keyset | null | undefined): SQL | undefined {
  if (!cursor || cursor.order !== order.name) return undefined;
  const position = sql`(${order.fromText(cursor.key)}, ${cursor.id}::uuid)`;
  return order.direction === 'asc' ? sql`(${order.key}, ${id}) > ${position}` : sql`(${order.key}, ${id}) < ${position}`;
}

/** `limit + 1` rows selected with `cursorKey: order.keyText` → one page and the next position. */
export function keysetPage<T extends { id: string; cursorKey: string }>(rows: T[], limit: number, order: Order): KeysetPage<Omit<T, 'cursorKey'>> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(({ cursorKey: _drop, ...item }) => item),
    nextCursor: hasMore && last ? { order: order.name, key: last.cursorKey, id: last.id } : null,
  };
}

const UUID = new RegExp(`^${UUID_SOURCE}$`);

export function encodeCursor(cursor: Keyset): string {
  return Buffer.from(JSON.stringify([cursor.order, cursor.key, cursor.id]), 'utf8').toString('base64url');
}

/** The position in `order` a cursor carries, or null (malformed, forged, or issued by another order). */
export function decodeCursor(value: string, order: Order): Keyset | null {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(value)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string')) return null;
  const [name, key, id] = parsed as [string, string, string];
  if (name !== order.name || !order.accepts(key) || !UUID.test(id)) return null;
  return { order: name, key, id };
}
