/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port that keeps every message
 * it accepts: what the SMTP path of `lib/mail/transport.ts` is tested against. No TLS, no auth.
 */
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Raw RFC 5322 messages, in arrival order, with their envelope recipients. */
  messages: { to: string[]; raw: string }[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpSink['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
