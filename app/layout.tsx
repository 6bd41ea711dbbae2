import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'edge-sessions', template: '%s · edge-sessions' },
  description: 'Server-side sessions at the edge: sign-in, dashboards, roles, ownership and a JSON API.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

/** The theme comes from a cookie written when the user saves their settings: no database read per page. */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = (await cookies()).get('theme')?.value;
  const themeClass = theme === 'dark' || theme === 'light' ? theme : '';
  return (
    <html lang="en" className={themeClass} data-theme={theme ?? 'system'}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
