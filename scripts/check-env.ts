// Run by `prebuild`: a deployment build (on Vercel, or with NODE_ENV=production) with missing or
// malformed variables stops here with ONE message listing each of them and what it is for,
// instead of a build that deploys and then fails at the first request. Local builds skip it.
import nextEnv from '@next/env';
import { deploymentEnvProblems, formatProblems, isDeploymentBuild } from './check-env-rules';

// Read the same .env files `next build` will (a deployment's own variables take precedence).
nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

if (isDeploymentBuild(process.env)) {
  const problems = deploymentEnvProblems(process.env);
  if (problems.length > 0) {
    console.error(formatProblems(problems));
    process.exit(1);
  }
  console.log('edge-sessions: deployment environment OK');
}
