// Time to first byte of sequential requests (one kept-alive connection per server, nothing else
// in flight): what one user waits for, which with injected latency is mostly round trips.
import http from 'node:http';

const agents = new Map();
const agentFor = (origin) => {
  if (!agents.has(origin)) agents.set(origin, new http.Agent({ keepAlive: true, maxSockets: 1 }));
  return agents.get(origin);
};

/** One GET: milliseconds to the first body byte (to the end when there is no body) and the status. */
export function ttfb(url, headers = {}) {
  const { origin } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let first = null;
    const req = http.get(url, { agent: agentFor(origin), headers }, (res) => {
      res.once('data', () => (first ??= process.hrtime.bigint()));
      res.on('data', () => {});
      res.on('end', () => resolve({ ms: Number((first ?? process.hrtime.bigint()) - started) / 1e6, status: res.statusCode }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Sets the latency a server started with BENCH_LATENCY=1 adds to each KV and database call. */
export async function setLatency(server, { kvMs, dbMs }) {
  const res = await fetch(`${server.url}/api/bench/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kvMs, dbMs }) });
  if (res.status !== 200) throw new Error(`${server.name}: setting latency answered ${res.status} ${await res.text()}`);
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
