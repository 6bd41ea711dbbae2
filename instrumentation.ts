// Runs once when the server starts (next dev / next start). Node only: the edge gate needs none of
// it, and its bundle carries no OpenTelemetry code (the gate's decision reaches the Node side's
// span as a request header, lib/telemetry.ts).
import { readTracingEnv } from './lib/core/env';

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const tracing = readTracingEnv();
  if (tracing.enabled) {
    const [{ registerOTel }, { scrubbingProcessor }] = await Promise.all([import('@vercel/otel'), import('./lib/telemetry-scrub')]);
    registerOTel({ serviceName: tracing.serviceName, spanProcessors: [scrubbingProcessor(), 'auto'] });
  }
  const { startServer } = await import('./lib/startup');
  await startServer();
}
