/**
 * User-typed search text inside LIKE patterns: `%`, `_` and the escape character itself match
 * literally (Postgres's default LIKE escape is the backslash), so a search is always plain text.
 */
export function likePattern(query: string, match: 'prefix' | 'contains'): string {
  const literal = query.replace(/[\\%_]/g, (c) => `\\${c}`);
  return match === 'prefix' ? `${literal}%` : `%${literal}%`;
}
