/**
 * `npm run create-admin -- [email] [--mail]`: the first admin of a deployment, in the database the
 * environment points at (DATABASE_URL, or the embedded PGlite folder: stop the server first, one
 * process at a time may open it). See lib/admin-bootstrap.ts for what happens to an existing account.
 *
 * - The address: the first argument, or asked for.
 * - The password: asked for twice without echo on a terminal, or the first line of stdin when it is
 *   piped (`printf '%s\n' "$PW" | npm run create-admin -- ops@example.com`). Never an argument:
 *   argv is visible to every user of the machine and kept in shell history.
 * - `--mail`: no password here; a set-password link goes to the address (SMTP_URL, or MAIL_DIR),
 *   pointing at AUTH_URL.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { getDatabase } from '@/db/client';
import { createOrPromoteAdmin, ADMIN_INVITE_HOURS, type AdminSetup } from '@/lib/admin-bootstrap';
import { isAppError } from '@/lib/core/errors';
import { runScript } from './lib/run-script';

const USAGE = 'usage: npm run create-admin -- [email] [--mail]   (the password is asked for, or read from stdin; never an argument)';

/** Lines of stdin, one at a time; on a terminal, what is typed while `muted` is not echoed. */
function lineReader() {
  let muted = false;
  const terminal = !!process.stdin.isTTY;
  const echo = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output: echo, terminal });
  const lines = rl[Symbol.asyncIterator]();
  return {
    terminal,
    async ask(prompt: string, hidden = false): Promise<string | undefined> {
      if (terminal) process.stderr.write(prompt);
      muted = hidden;
      const next = await lines.next();
      muted = false;
      if (terminal && hidden) process.stderr.write('\n');
      return next.done ? undefined : String(next.value).replace(/\r$/, '');
    },
    close: () => rl.close(),
  };
}

runScript('create-admin', async (env) => {
  const argv = process.argv.slice(2);
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--mail');
  const positional = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || positional.length > 1) {
    if (unknown.some((a) => a.startsWith('--password'))) console.error('create-admin: a password is never taken from the command line.');
    console.error(USAGE);
    return 2;
  }
  const mail = argv.includes('--mail');
  if (mail && !env.AUTH_URL) {
    console.error('create-admin: --mail needs AUTH_URL, the public origin the link points at (https://app.example.com).');
    return 1;
  }
  const input = lineReader();
  let setup: AdminSetup;
  try {
    const email = positional[0] ?? (await input.ask('Email of the admin: '));
    if (!email) {
      console.error(USAGE);
      return 2;
    }
    if (mail) {
      setup = { email, mailOrigin: new URL(env.AUTH_URL!).origin };
    } else {
      const password = await input.ask('Password (not shown): ', true);
      if (input.terminal && password !== undefined && (await input.ask('Password again: ', true)) !== password) {
        console.error('create-admin: the passwords do not match; nothing was changed.');
        return 1;
      }
      if (!password) {
        console.error('create-admin: no password given; nothing was changed. (Or use --mail to send a set-password link.)');
        return 1;
      }
      setup = { email, password };
    }
  } finally {
    input.close();
  }

  try {
    const result = await createOrPromoteAdmin(setup);
    const what = result.status === 'created' ? 'created the admin' : 'promoted to admin (password replaced, every sign-in ended)';
    console.log(`create-admin: ${what} ${result.email}`);
    if (result.mailed) console.log(`create-admin: mailed a set-password link to ${result.email} (valid ${ADMIN_INVITE_HOURS} h)`);
    return 0;
  } catch (err) {
    if (!isAppError(err) || (err.status >= 500 && err.status !== 503)) throw err;
    const details = err.issues ? Object.values(err.issues).flat().join('; ') : err.message;
    // A 503 after the account was written is the link that could not leave (its token is gone again).
    console.error(`create-admin: ${details}${err.status === 503 ? ' Run the command again once mail works.' : '; nothing was changed.'}`);
    return 1;
  } finally {
    await (await getDatabase()).close();
  }
});
