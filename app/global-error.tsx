'use client';
/**
 * Errors in the root layout itself. It replaces the whole document, so it carries its own <html>,
 * minimal inline styles (global CSS may not have loaded) and follows the OS colour scheme.
 */
import { isDependencyOutage } from '@/components/error-view';

export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const outage = isDependencyOutage(error);
  return (
    <html lang="en">
      <body style={{ margin: 0, fontFamily: 'system-ui, sans-serif', colorScheme: 'light dark' }}>
        <title>Something went wrong · edge-sessions</title>
        <main role="alert" style={{ maxWidth: '28rem', margin: '0 auto', minHeight: '100vh', display: 'flex', flexDirection: 'column', justifyContent: 'center', gap: '1rem', padding: '0 1.5rem' }}>
          <h1 style={{ fontSize: '1.5rem', margin: 0 }}>{outage ? 'We’re having trouble reaching our services' : 'Something went wrong'}</h1>
          <p style={{ margin: 0, opacity: 0.8 }}>
            {outage ? 'This is temporary (503). Please try again in a moment.' : 'An unexpected error stopped the app from loading.'}
          </p>
          <div>
            <button type="button" onClick={() => retry()} style={{ padding: '0.5rem 1rem', borderRadius: '0.375rem', border: 0, background: '#4f46e5', color: '#fff', fontWeight: 600, cursor: 'pointer' }}>
              Try again
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
