/** `npm run api:types`: writes `lib/api/openapi-types.ts` (see `scripts/openapi-types.ts`). */
import { writeFileSync } from 'node:fs';
import { OPENAPI_TYPES_FILE, renderOpenApiTypes } from './openapi-types';

writeFileSync(OPENAPI_TYPES_FILE, await renderOpenApiTypes());
console.log(`wrote ${OPENAPI_TYPES_FILE}`);
