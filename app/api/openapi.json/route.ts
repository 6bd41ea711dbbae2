/** `GET /api/openapi.json` → the OpenAPI 3.1 document of every route handler (`lib/api/openapi.ts`). Public. */
import { handler } from '@/lib/api/handler';
import { openApiDocument } from '@/lib/api/openapi';

export const GET = handler({ access: 'public' }, async () => openApiDocument());
