/**
 * The one "read the environment or exit" for command-line scripts (`db:migrate`, `db:seed`):
 * a malformed environment prints what is wrong and exits 1; a thrown error prints its message
 * (and its cause's, where the driver wraps one) and exits 1; otherwise the exit code is `main`'s.
 */
import { EnvError, getEnv, type Env } from '@/lib/core/env';

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
}

export function runScript(name: string, main: (env: Env) => Promise<number>): void {
  let env: Env;
  try {
    env = getEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`${name}: invalid environment: ${err.problems.join('; ')}`);
      process.exit(1);
    }
    throw err;
  }
  main(env).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`${name}: failed:`, describe(err));
      process.exit(1);
    },
  );
}
