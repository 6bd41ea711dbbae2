// OpenTelemetry: the app's build started a second time with an OTLP exporter configured (spans sent
// to a sink on loopback that accepts and drops them), GET /api/user alternated against the same
// build with tracing off. On costs what it costs (reported, never judged); off loads no SDK and
// creates no span, by construction (lib/telemetry.ts), so every other row measures the app as shipped.
import { createServer } from 'node:http';
import { alternate, perRound, reportOnly, summarise } from '../lib/measure.mjs';
import { ratioTarget } from '../lib/report.mjs';
import { signIn } from '../lib/server.mjs';

function startSink() {
  let spans = 0;
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c) => (bytes += c.length));
    req.on('end', () => {
      if (req.url === '/v1/traces' && bytes > 0) spans += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, exports: () => spans, close: () => server.close() })));
}

export async function telemetryPhase(ctx) {
  const { builds, start, users, app, cookies, log } = ctx;
  const sink = await startSink();
  log('starting the app with OpenTelemetry on …');
  const traced = await start(builds.app.dir, 'app-otel', { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '500' });
  const tracedCookie = await signIn(traced.url, users.user.email, users.user.password);
  const scenarios = [
    { key: 'off', pid: app.pid, url: `${app.url}/api/user`, headers: { cookie: cookies.app } },
    { key: 'on', pid: traced.pid, url: `${traced.url}/api/user`, headers: { cookie: tracedCookie } },
  ];
  const runs = await alternate(ctx, scenarios, 'telemetry');
  await new Promise((r) => setTimeout(r, 1_000)); // the last batch
  const exported = sink.exports();
  sink.close();
  await traced.stop();
  traced.removeData();
  const rows = [summarise('GET /api/user (telemetry)', 'tracing off (default)', runs.off), summarise('GET /api/user (telemetry)', 'tracing on (OTLP exporter)', runs.on)];
  const target = reportOnly(ratioTarget('telemetry-on-vs-off', 'OpenTelemetry on / off: GET /api/user (reported)', perRound(runs.on, runs.off), { atLeast: 0 }), `${exported} OTLP exports received from the traced server`);
  return { rows, targets: [target] };
}
