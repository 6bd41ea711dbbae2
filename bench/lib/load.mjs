// One autocannon run (programmatic API) against one URL, with the share of responses that set
// the session cookie counted from the response headers.
import autocannon from 'autocannon';
import { treeCpuSeconds } from './server.mjs';

const SESSION_COOKIE = /(^|,\s*)(__Host-|__Secure-)?authjs\.session-token=/;

/**
 * `duration` (seconds) or `amount` (requests). Returns requests/s (completed 2xx over wall time),
 * requests per CPU-second of the server process tree (`pid`; robust when other work shares the
 * machine), latency percentiles (ms), non-2xx and error counts, and how many responses set the
 * session cookie.
 */
export async function load(url, { duration, amount, connections = 8, headers = {}, method = 'GET', pid }) {
  const cpuBefore = pid ? treeCpuSeconds(pid) : 0;
  let responses = 0;
  let sessionCookies = 0;
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url,
    method,
    connections,
    ...(amount ? { amount } : { duration }),
    // autocannon checks its stop flag once per sample: with the default 1 s sample interval a
    // 0.3 s warm-up lasts 1 s and a 1.5 s slot 2 s. 100 ms keeps slots to their stated length.
    sampleInt: 100,
    headers,
    requests: [
      {
        onResponse: (_status, _body, _context, resHeaders) => {
          responses++;
          const raw = resHeaders?.['set-cookie'];
          const value = Array.isArray(raw) ? raw.join(', ') : (raw ?? '');
          if (SESSION_COOKIE.test(value)) sessionCookies++;
        },
      },
    ],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = pid ? treeCpuSeconds(pid) - cpuBefore : NaN;
  const ok = result['2xx'];
  return {
    rps: ok / seconds,
    perCpuSecond: ok / cpuSeconds,
    cpuSeconds,
    total: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    responses,
    sessionCookies,
  };
}
