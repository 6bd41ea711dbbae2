/**
 * The opaque `?cursor=` of product lists: base64url of "<created_at µs>.<id>". Clients must not
 * build it; anything that does not decode to that exact shape is refused (null), never sent to SQL.
 */
import type { ProductCursor } from '@/db/queries/products';

const SHAPE = /^(\d{1,16})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeProductCursor(cursor: ProductCursor): string {
  return Buffer.from(`${cursor.createdAtMicros}.${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeProductCursor(value: string): ProductCursor | null {
  if (!/^[A-Za-z0-9_-]{1,96}$/.test(value)) return null;
  const match = SHAPE.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) return null;
  return { createdAtMicros: match[1]!, id: match[2]! };
}
