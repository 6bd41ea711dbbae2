// Runs before `npm run dev` and `npm run build`: on a developer's machine with no AUTH_SECRET,
// generate one once into .env.local (git-ignored). Never on Vercel, where the secret must be
// configured in the project, and never when AUTH_SECRET is already set.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, appendFileSync } from 'node:fs';

const file = '.env.local';
if (process.env.VERCEL || process.env.AUTH_SECRET) process.exit(0);
const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
if (/^AUTH_SECRET=/m.test(existing)) process.exit(0);
const secret = randomBytes(32).toString('base64url');
appendFileSync(file, `${existing && !existing.endsWith('\n') ? '\n' : ''}# Generated for local development by scripts/dev-setup.mjs\nAUTH_SECRET=${secret}\n`);
console.log(`edge-sessions: wrote a development AUTH_SECRET to ${file}`);
