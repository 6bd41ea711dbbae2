/**
 * The outage page: where a page, layout or form post ends when the database (or KV, where it is
 * needed) cannot be reached. Pages cannot choose their status code and Next.js has none for 503,
 * so `DependencyUnavailableError` carries the digest of a redirect here (`lib/core/errors.ts`) and
 * this route handler answers the document itself: 503, `Retry-After`, never cached, a way back.
 * It reads nothing, so it still answers while the dependencies are down.
 */
import { OUTAGE_RETRY_AFTER_SECONDS } from '@/lib/core/errors';

export const dynamic = 'force-dynamic';

const HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Temporarily unavailable · edge-sessions</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  main { max-width: 28rem; margin: 0 auto; min-height: 100vh; display: flex; flex-direction: column; justify-content: center; gap: 1rem; padding: 0 1.5rem; }
  h1 { font-size: 1.5rem; margin: 0; }
  p { margin: 0; opacity: 0.8; }
  a { color: #4f46e5; font-weight: 600; }
</style>
</head>
<body>
<main role="alert">
  <h1>We’re having trouble reaching our services</h1>
  <p>This is temporary (503). Please try again in a moment.</p>
  <p><a href="/dashboard">Try again</a></p>
</main>
</body>
</html>
`;

export function GET(): Response {
  return new Response(HTML, {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': String(OUTAGE_RETRY_AFTER_SECONDS),
    },
  });
}
