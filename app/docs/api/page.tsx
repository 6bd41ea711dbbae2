import type { Metadata } from 'next';
import { openApiDocument } from '@/lib/api/openapi';
import { ApiReference } from './api-reference';

export const metadata: Metadata = { title: 'API reference' };

/** `/docs/api`: the human-readable reference of `GET /api/openapi.json` (public). */
export default function ApiDocsPage() {
  const document = JSON.parse(JSON.stringify(openApiDocument())) as Record<string, unknown>;
  return (
    <main>
      <h1 className="sr-only">edge-sessions API reference</h1>
      <noscript>
        <p className="p-4">
          This reference needs JavaScript. The document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.
        </p>
      </noscript>
      <ApiReference document={document} />
    </main>
  );
}
