// The middleware bundle of a build: the files its middleware manifest lists, raw and gzipped,
// and whether anything that must never reach the edge gate is inside.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** What must never be bundled into the gate: database drivers, KV clients, password hashing. */
export const FORBIDDEN = [
  // Code, not names: the env schema legitimately mentions PGLITE_DATA_DIR in an error message.
  { name: 'PGlite', pattern: /@electric-sql\/pglite|class PGlite|pglite\.(wasm|data)/ },
  { name: 'Neon driver', pattern: /@neondatabase\/serverless|neonConfig/ },
  { name: 'Vercel KV client', pattern: /@vercel\/kv/ },
  { name: 'Upstash client', pattern: /@upstash\/redis|upstash-redis/i },
  { name: 'scrypt (password hash)', pattern: /scrypt/i },
];

export function middlewareBundle(dir) {
  const manifest = JSON.parse(readFileSync(path.join(dir, '.next/server/middleware-manifest.json'), 'utf8'));
  const entries = Object.values(manifest.middleware ?? {});
  if (entries.length === 0) throw new Error(`${dir}: no middleware in the manifest`);
  const files = [...new Set(entries.flatMap((e) => e.files ?? []))];
  let raw = 0;
  let gzip = 0;
  const found = new Set();
  for (const file of files) {
    const content = readFileSync(path.join(dir, '.next', file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    const text = content.toString('utf8');
    for (const f of FORBIDDEN) if (f.pattern.test(text)) found.add(f.name);
  }
  return { files: files.length, raw, gzip, forbidden: [...found] };
}
