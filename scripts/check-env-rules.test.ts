import { describe, expect, it } from 'vitest';
import { deploymentEnvProblems, formatProblems, isDeploymentBuild } from './check-env-rules';

const GOOD = {
  VERCEL: '1',
  AUTH_SECRET: 'x'.repeat(43),
  DATABASE_URL: 'postgresql://app:pw@ep-example.eu-central-1.aws.neon.tech/app?sslmode=require',
  KV_REST_API_URL: 'https://example-12345.upstash.io',
  KV_REST_API_TOKEN: 'token',
  AUTH_URL: 'https://app.example.com',
  SMTP_URL: 'smtp://user:pw@smtp.example.com:587',
  MAIL_FROM: 'Edge Sessions <no-reply@example.com>',
};

describe('the deployment environment check (prebuild)', () => {
  it('applies to Vercel and NODE_ENV=production builds only', () => {
    expect(isDeploymentBuild({})).toBe(false);
    expect(isDeploymentBuild({ NODE_ENV: 'development' })).toBe(false);
    expect(isDeploymentBuild({ VERCEL: '1' })).toBe(true);
    expect(isDeploymentBuild({ NODE_ENV: 'production' })).toBe(true);
  });

  it('passes a complete Vercel configuration, with or without GitHub sign-in', () => {
    expect(deploymentEnvProblems(GOOD)).toEqual([]);
    expect(deploymentEnvProblems({ ...GOOD, AUTH_GITHUB_ID: 'id', AUTH_GITHUB_SECRET: 'secret' })).toEqual([]);
  });

  it('on Vercel with nothing set, lists each required variable once, in order, with what it is for', () => {
    const problems = deploymentEnvProblems({ VERCEL: '1' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['AUTH_SECRET', 'DATABASE_URL', 'KV_REST_API_URL', 'KV_REST_API_TOKEN', 'AUTH_URL', 'SMTP_URL', 'MAIL_FROM']);
    expect(problems[0]).toMatch(/^AUTH_SECRET is missing: encrypts .*openssl rand -base64 32/);
    expect(problems[1]).toMatch(/^DATABASE_URL is missing: the Postgres database/);
    const message = formatProblems(problems);
    expect(message.split('\n')[0]).toBe('edge-sessions: this deployment cannot run: 7 environment variables to fix');
    expect(message.match(/^ {2}- /gm)).toHaveLength(7);
  });

  it('names malformed values with the rule they break, and a half-configured GitHub sign-in', () => {
    const problems = deploymentEnvProblems({ ...GOOD, AUTH_SECRET: 'short', DATABASE_URL: 'mysql://db', AUTH_GITHUB_ID: 'id' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^AUTH_SECRET must be at least 32 characters/);
    expect(problems[1]).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL — the Postgres database/);
    expect(problems[2]).toMatch(/^AUTH_GITHUB_ID .*AUTH_GITHUB_SECRET/);
  });

  it('mail on Vercel: a missing SMTP_URL, MAIL_FROM or AUTH_URL stops the build with what it is for; SMTP_URL needs MAIL_FROM anywhere', () => {
    const problems = deploymentEnvProblems({ ...GOOD, SMTP_URL: undefined, MAIL_FROM: undefined, AUTH_URL: undefined });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['AUTH_URL', 'SMTP_URL', 'MAIL_FROM']);
    expect(problems[1]).toMatch(/^SMTP_URL is missing: the SMTP server that sends password-reset and verification mail/);
    expect(deploymentEnvProblems({ ...GOOD, SMTP_URL: 'http://smtp.example.com' })[0]).toMatch(/^SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(deploymentEnvProblems({ NODE_ENV: 'production', AUTH_SECRET: GOOD.AUTH_SECRET, SMTP_URL: GOOD.SMTP_URL })[0]).toMatch(/^MAIL_FROM is required with SMTP_URL/);
  });

  it('off Vercel, a production build needs only AUTH_SECRET (the embedded database is allowed)', () => {
    expect(deploymentEnvProblems({ NODE_ENV: 'production' }).map((p) => p.split(' ')[0])).toEqual(['AUTH_SECRET']);
    expect(deploymentEnvProblems({ NODE_ENV: 'production', AUTH_SECRET: GOOD.AUTH_SECRET })).toEqual([]);
  });
});
