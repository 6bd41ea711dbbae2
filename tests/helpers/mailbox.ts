/** Reading the development mailbox the code under test wrote to (`MAIL_DIR`), with the app's own `.eml` reader. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { summarizeEml, type EmlSummary } from '@/lib/core/eml';

/** Every message to `to` in `dir` (default: this test file's MAIL_DIR), oldest first. */
export function mailTo(to: string, dir = process.env.MAIL_DIR!): EmlSummary[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return files.map((f) => summarizeEml(readFileSync(path.join(dir, f), 'utf8'))).filter((m) => m.to.toLowerCase().includes(to.toLowerCase()));
}

/** The link of the newest message to `to` whose link contains `pathPart`; throws when there is none. */
export function latestLink(to: string, pathPart: string, dir?: string): URL {
  const links = mailTo(to, dir).flatMap((m) => m.links).filter((l) => l.includes(pathPart));
  const link = links.at(-1);
  if (!link) throw new Error(`no ${pathPart} link mailed to ${to}`);
  return new URL(link);
}

export const tokenOf = (link: URL) => link.searchParams.get('token')!;
