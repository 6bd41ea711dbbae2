/**
 * Sending mail: the only file that knows SMTP from the development mailbox.
 *
 * - `SMTP_URL` set → nodemailer's SMTP transport (`smtp://` with STARTTLS when offered, `smtps://`
 *   for implicit TLS), sender `MAIL_FROM`, bounded timeouts.
 * - otherwise → the development mailbox: nodemailer composes the same message and it is written as
 *   an `.eml` file under `MAIL_DIR` (`.data/mail`), with its link printed in the server log;
 *   `/dev/mail` lists them in development.
 *
 * A message that cannot be handed over (server down, refused, folder not writable) is
 * `MailUnavailable` (503): callers undo what the message was for.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { getEnv, isProductionRuntime } from '@/lib/core/env';
import { AppError, OUTAGE_RETRY_AFTER_SECONDS } from '@/lib/core/errors';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The link the message is about, printed in the log by the development mailbox. */
  link?: string;
}

export const MAIL_UNAVAILABLE = 'Email could not be sent right now. Please try again in a few minutes.';
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

let warnedFileMailbox = false;

async function writeToMailbox(message: MailMessage, from: string): Promise<void> {
  const dir = getEnv().MAIL_DIR;
  if (isProductionRuntime() && !warnedFileMailbox) {
    warnedFileMailbox = true;
    console.warn(`edge-sessions: SMTP_URL is not set: mail is written to ${dir} instead of being delivered`);
  }
  const info = await composer.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
  await writeFile(file, info.message as Buffer, { flag: 'wx' });
  console.log(`[mail] to ${message.to}: "${message.subject}"${message.link ? ` ${message.link}` : ''} (${file})`);
}

/** Hands one message over to the SMTP server or the mailbox; `MailUnavailable` (503) when it cannot. */
export async function sendMail(message: MailMessage): Promise<void> {
  const env = getEnv();
  try {
    if (env.SMTP_URL) {
      await smtpTransport(env.SMTP_URL).sendMail({ from: env.MAIL_FROM, to: message.to, subject: message.subject, text: message.text });
    } else {
      await writeToMailbox(message, env.MAIL_FROM ?? DEV_SENDER);
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
  const env = getEnv();
  try {
    if (env.SMTP_URL) {
      await smtpTransport(env.SMTP_URL).verify();
    } else {
      await mkdir(env.MAIL_DIR, { recursive: true });
      await access(env.MAIL_DIR, constants.W_OK);
    }
  } catch (err) {
    throw mailUnavailable(err);
  }
}

/** Test hook: forget the SMTP transport after a test changed `SMTP_URL`. */
export function resetMailTransport(): void {
  smtp?.transport.close();
  smtp = undefined;
}
