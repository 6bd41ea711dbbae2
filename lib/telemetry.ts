/**
 * Spans of the data access layer's decisions, for an operator asking "why was I signed out?" or
 * "why is the dashboard slow?": one span per request decision (`auth.session`) with
 * `auth.decision` (`fresh` / `stale` / `revoked` / `anonymous`), `auth.kv_ms`, `auth.db_reads`, the
 * edge gate's decision (`auth.gate`, handed over as a request header: the gate's bundle carries no
 * OpenTelemetry code), and outages as span events. Never an email, a token, a name or an address.
 *
 * Off (no exporter configured, `readTracingEnv`) nothing is created: `traceDecision` runs its
 * function with a recorder that does nothing, and `@opentelemetry/api` is never asked for a tracer.
 */
import 'server-only';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { readTracingEnv } from '@/lib/core/env';

export type AuthDecision = 'fresh' | 'stale' | 'revoked' | 'anonymous';
export type Dependency = 'kv' | 'database';

/** What a decision reports while it runs; the no-op one when tracing is off. */
export interface DecisionRecorder {
  decision(value: AuthDecision): void;
  kvMs(ms: number): void;
  dbRead(): void;
  outage(dependency: Dependency): void;
}

const NO_OP: DecisionRecorder = { decision() {}, kvMs() {}, dbRead() {}, outage() {} };
const tracingEnabled = readTracingEnv().enabled;

/**
 * Runs one session decision inside an `auth.session` span (or directly, when tracing is off).
 * `gate`: the edge gate's decision for this request, read only when tracing is on.
 */
export async function traceDecision<T>(fn: (recorder: DecisionRecorder) => Promise<T>, gate: () => Promise<string | null>): Promise<T> {
  if (!tracingEnabled) return fn(NO_OP);
  const gateDecision = await gate();
  return trace.getTracer('edge-sessions').startActiveSpan('auth.session', async (span) => {
    let dbReads = 0;
    let kvMs = 0;
    const recorder: DecisionRecorder = {
      decision: (value) => span.setAttribute('auth.decision', value),
      kvMs: (ms) => {
        kvMs += ms;
      },
      dbRead: () => {
        dbReads += 1;
      },
      outage: (dependency) => span.addEvent('dependency.unavailable', { 'auth.dependency': dependency }),
    };
    span.setAttribute('auth.gate', gateDecision === 'pass' ? 'pass' : 'not-gated');
    try {
      return await fn(recorder);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.setAttributes({ 'auth.kv_ms': Math.round(kvMs * 100) / 100, 'auth.db_reads': dbReads });
      span.end();
    }
  });
}
