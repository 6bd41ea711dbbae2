'use client';
/**
 * The API reference, rendered by Scalar (`@scalar/api-reference-react`, bundled: no CDN, no
 * fonts, no telemetry) from the document the page passes in (the same one `GET /api/openapi.json` serves).
 */
import { ApiReferenceReact } from '@scalar/api-reference-react';
import '@scalar/api-reference-react/style.css';

export function ApiReference({ document }: { document: Record<string, unknown> }) {
  return (
    <ApiReferenceReact
      configuration={{
        content: document,
        withDefaultFonts: false,
        telemetry: false,
        hideClientButton: true,
        hideDownloadButton: false,
        showDeveloperTools: 'never',
        persistAuth: false,
      }}
    />
  );
}
