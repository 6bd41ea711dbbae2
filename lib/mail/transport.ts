/**
 * Sending mail: the only file that knows SMTP from the file mailbox.
 *
 * - `SMTP_URL` set → nodemailer's SMTP transport (`smtp://` with STARTTLS when offered, `smtps://`
 *   for implicit TLS), sender `MAIL_FROM`, bounded timeouts.
 * - otherwise → the file mailbox: nodemailer composes the same message and it is written as an
 *   `.eml` file under `MAIL_DIR`. In development (default `.data/mail`) its link is also printed
 *   and `/dev/mail` lists it. In production only when `MAIL_DIR` is set explicitly (tests, demos),
 *   and nothing of the message but its subject and file is logged.
 * - production with neither → account mail is refused (503, said once in the log): a link or token
 *   printed to stdout is a credential in every log pipeline (case 70).
 *
 * A message that cannot be handed over (server down, refused, folder not writable) is
 * `MailUnavailable` (503): callers undo what the message was for.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv, mailboxDir } from '@/lib/core/env';
import { AppError, NotConfiguredError, OUTAGE_RETRY_AFTER_SECONDS } from '@/lib/core/errors';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The link the message is about, printed in the log by the development mailbox (never in production). */
  link?: string;
}

export const MAIL_UNAVAILABLE = 'Email could not be sent right now. Please try again in a few minutes.';
export const MAIL_DELIVERY_UNCONFIGURED = 'Email cannot be sent from this server: its operator has to set SMTP_URL.';
const DEV_SENDER = 'edge-sessions <no-reply@localhost>';

export function mailUnavailable(cause?: unknown): AppError {
  const error = new AppError(503, MAIL_UNAVAILABLE, undefined, { 'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS) });
  error.cause = cause;
  return error;
}

let smtp: { url: string; transport: Transporter } | undefined;

function smtpTransport(url: string): Transporter {
  if (smtp?.url === url) return smtp.transport;
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: parsed.hostname,
    port: Number(parsed.port) || (secure ? 465 : 587),
    secure,
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    // A request waits for the handover: fail in seconds, not minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  smtp = { url, transport };
  return transport;
}

// Composes exactly what SMTP would send, into a buffer.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

type Delivery =
  | { kind: 'smtp'; url: string; from: string | undefined }
  | { kind: 'mailbox'; dir: string; from: string; production: boolean };

let warnedUnconfigured = false;
let warnedFileMailbox = false;

/**
 * Where account mail goes now, or 503 (logged once) in production without SMTP_URL or MAIL_DIR.
 * Called before anything is created for a message (`lib/mail/link-origin.ts`) and again to send.
 */
export function mailDelivery(): Delivery {
  const env = getEnv();
  if (env.SMTP_URL) return { kind: 'smtp', url: env.SMTP_URL, from: env.MAIL_FROM };
  const production = env.NODE_ENV === 'production';
  const dir = mailboxDir(env);
  if (dir) return { kind: 'mailbox', dir, from: env.MAIL_FROM ?? DEV_SENDER, production };
  if (!warnedUnconfigured) {
    warnedUnconfigured = true;
    console.error(
      'edge-sessions: account mail (password reset, email verification) is refused: set SMTP_URL to deliver it (MAIL_DIR writes it to files, for tests and demos); production never prints links',
    );
  }
  throw new NotConfiguredError(MAIL_DELIVERY_UNCONFIGURED);
}

async function writeToMailbox(message: MailMessage, delivery: Extract<Delivery, { kind: 'mailbox' }>): Promise<void> {
  const { dir, from, production } = delivery;
  if (production && !warnedFileMailbox) {
    warnedFileMailbox = true;
    console.warn(`edge-sessions: SMTP_URL is not set: mail is written to MAIL_DIR (${dir}) instead of being delivered`);
  }
  const info = await composer.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
  await writeFile(file, info.message as Buffer, { flag: 'wx' });
  // The link is a credential: only a development server prints it (its developer's terminal).
  if (!production) console.log(`[mail] to ${message.to}: "${message.subject}"${message.link ? ` ${message.link}` : ''} (${file})`);
}

/** Hands one message over to the SMTP server or the mailbox; `MailUnavailable` (503) when it cannot. */
export async function sendMail(message: MailMessage): Promise<void> {
  const delivery = mailDelivery();
  try {
    if (delivery.kind === 'smtp') {
      await smtpTransport(delivery.url).sendMail({ from: delivery.from, to: message.to, subject: message.subject, text: message.text });
    } else {
      await writeToMailbox(message, delivery);
    }
  } catch (err) {
    throw mailUnavailable(err);
  }
}

/**
 * Checks that a message could be handed over now, without sending one (an SMTP connection and
 * greeting, or a writable mailbox folder): a request that sends nothing (an unknown address) still
 * fails the same way as one that does when mail is down.
 */
export async function probeMail(): Promise<void> {
  const delivery = mailDelivery();
  try {
    if (delivery.kind === 'smtp') {
      await smtpTransport(delivery.url).verify();
    } else {
      await mkdir(delivery.dir, { recursive: true });
      await access(delivery.dir, constants.W_OK);
    }
  } catch (err) {
    throw mailUnavailable(err);
  }
}

/** Test hook: forget the SMTP transport (and the once-only warnings) after a test changed the mail variables. */
export function resetMailTransport(): void {
  smtp?.transport.close();
  smtp = undefined;
  warnedUnconfigured = false;
  warnedFileMailbox = false;
}
