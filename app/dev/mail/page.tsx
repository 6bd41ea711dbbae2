import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { listMailbox } from '@/lib/mail/dev-mailbox';
import { isProductionRuntime } from '@/lib/core/env';

export const metadata: Metadata = { title: 'Development mailbox' };

/**
 * `/dev/mail`: the messages the development mailbox wrote (`MAIL_DIR`), newest first, with their
 * links. Development only: a production build answers 404, whatever the mailbox holds.
 */
export default async function DevMailPage() {
  await connection();
  if (isProductionRuntime()) notFound();
  const messages = await listMailbox();
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-4 px-6 py-10">
      <h1 className="text-2xl font-semibold">Development mailbox</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Mail written to <code>MAIL_DIR</code> because <code>SMTP_URL</code> is not set. Newest first.
      </p>
      {messages.length === 0 ? <p>No messages yet.</p> : null}
      <ul className="flex flex-col gap-3">
        {messages.map((m) => (
          <li key={m.file} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <p className="font-medium">{m.subject}</p>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              to {m.to} · {m.date}
            </p>
            {m.links.map((link) => (
              <a key={link} href={link} className="block break-all text-sm text-indigo-600 hover:underline dark:text-indigo-400">
                {link}
              </a>
            ))}
          </li>
        ))}
      </ul>
    </main>
  );
}
