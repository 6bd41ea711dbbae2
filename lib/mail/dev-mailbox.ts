/**
 * The development mailbox as `/dev/mail` lists it: the newest `.eml` files of `MAIL_DIR`, with
 * their recipient, subject and links. Development only (the page answers 404 in production).
 */
import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { getEnv, mailboxDir } from '@/lib/core/env';
import { summarizeEml, type EmlSummary } from '@/lib/core/eml';

export interface MailboxEntry extends EmlSummary {
  file: string;
}

export async function listMailbox(limit = 50): Promise<MailboxEntry[]> {
  const dir = mailboxDir(getEnv());
  if (!dir) return [];
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.eml'));
  } catch {
    return []; // nothing sent yet
  }
  // Names start with an ISO timestamp: newest first by name.
  const newest = files.sort().reverse().slice(0, limit);
  return Promise.all(newest.map(async (file) => ({ file, ...summarizeEml(await readFile(path.join(dir, file), 'utf8')) })));
}
