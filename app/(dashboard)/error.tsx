'use client';
/** Errors in a dashboard page: the sidebar and header stay, the page area shows the message. */
import { ErrorView } from '@/components/error-view';

export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorView error={error} retry={retry} />;
}
