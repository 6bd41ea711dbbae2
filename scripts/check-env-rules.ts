/**
 * What a deployment build needs from the environment, and why: the rules behind
 * `scripts/check-env.ts` (run by `prebuild`). Format problems come from `lib/env.ts` itself, so
 * the build and the running server can never disagree about what is valid.
 */
import { EnvError, parseEnv } from '../lib/core/env';

interface Variable {
  name: string;
  purpose: string;
  /** Required on every production build, on Vercel only, or optional. */
  need: 'production' | 'vercel' | 'optional';
  /** How to get a value, shown when it is missing. */
  hint?: string;
}

export const DEPLOY_VARIABLES: Variable[] = [
  { name: 'AUTH_SECRET', need: 'production', purpose: 'encrypts and signs the session cookies', hint: 'at least 32 characters: `openssl rand -base64 32`' },
  { name: 'DATABASE_URL', need: 'vercel', purpose: 'the Postgres database (users, profiles, settings, products, audit log)', hint: 'Neon via the Vercel Marketplace sets it' },
  { name: 'KV_REST_API_URL', need: 'vercel', purpose: 'the Redis REST endpoint (session freshness markers, revocations, sign-in throttling)', hint: 'Upstash via the Vercel Marketplace sets it' },
  { name: 'KV_REST_API_TOKEN', need: 'vercel', purpose: 'the token for KV_REST_API_URL', hint: 'set together with KV_REST_API_URL' },
  { name: 'AUTH_URL', need: 'vercel', purpose: 'the public origin (https://app.example.com): links in mail use it, never a request header', hint: 'the production domain' },
  { name: 'SMTP_URL', need: 'vercel', purpose: 'the SMTP server that sends password-reset and verification mail', hint: 'smtp://user:password@smtp.example.com:587 or smtps://…:465' },
  { name: 'MAIL_FROM', need: 'vercel', purpose: 'the sender address of that mail', hint: 'e.g. "Edge Sessions <no-reply@example.com>"' },
  { name: 'AUTH_GITHUB_ID', need: 'optional', purpose: 'optional: GitHub OAuth client ID for "Sign in with GitHub"' },
  { name: 'AUTH_GITHUB_SECRET', need: 'optional', purpose: 'optional: GitHub OAuth client secret' },
  { name: 'AUTH_OIDC_ISSUER', need: 'optional', purpose: 'optional: the OpenID Connect issuer URL for "Single sign-on" (set with AUTH_OIDC_ID and AUTH_OIDC_SECRET)' },
  { name: 'AUTH_OIDC_ID', need: 'optional', purpose: 'optional: the OpenID Connect client id' },
  { name: 'AUTH_OIDC_SECRET', need: 'optional', purpose: 'optional: the OpenID Connect client secret' },
  { name: 'AUTH_OIDC_NAME', need: 'optional', purpose: 'optional: the single sign-on button label (default "Single sign-on")' },
];

/** Whether this build is a deployment the checks apply to (local `next build` runs stay free). */
export function isDeploymentBuild(source: Record<string, string | undefined>): boolean {
  return !!source.VERCEL || source.NODE_ENV === 'production';
}

/** One line per problem, each naming the variable and what it is for; empty when all is well. */
export function deploymentEnvProblems(source: Record<string, string | undefined>): string[] {
  const onVercel = !!source.VERCEL;
  const lines = new Map<string, string>();
  for (const v of DEPLOY_VARIABLES) {
    const missing = !source[v.name];
    if (missing && (v.need === 'production' || (v.need === 'vercel' && onVercel))) lines.set(v.name, `${v.name} is missing: ${v.purpose}${v.hint ? ` (${v.hint})` : ''}`);
  }
  try {
    parseEnv({ ...source, NODE_ENV: 'production' });
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    for (const problem of err.problems) {
      const variable = DEPLOY_VARIABLES.find((v) => problem.startsWith(v.name)) ?? { name: problem.split(' ')[0] ?? problem, purpose: '' };
      if (lines.has(variable.name)) continue;
      lines.set(variable.name, variable.purpose ? `${problem} — ${variable.purpose}` : problem);
    }
  }
  const order = (name: string) => {
    const i = DEPLOY_VARIABLES.findIndex((v) => v.name === name);
    return i === -1 ? DEPLOY_VARIABLES.length : i;
  };
  return [...lines.entries()].sort(([a], [b]) => order(a) - order(b)).map(([, line]) => line);
}

export function formatProblems(problems: string[]): string {
  return [
    `edge-sessions: this deployment cannot run: ${problems.length} environment variable${problems.length === 1 ? '' : 's'} to fix`,
    '(Vercel: Project → Settings → Environment Variables; see the README "Deploy" section):',
    ...problems.map((p) => `  - ${p}`),
  ].join('\n');
}
