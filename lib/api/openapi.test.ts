/**
 * The OpenAPI document (`lib/api/openapi.ts`): every route handler under `app/api` is in it (and
 * nothing else), it passes a real OpenAPI 3.1 validator, its request schemas are the handlers'
 * own, the checked-in types are what `npm run api:types` renders, and `GET /api/openapi.json` serves it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { GET as getDocument } from '@/app/api/openapi.json/route';
import { callRoute } from '@/tests/helpers/http';
import { OPENAPI_TYPES_FILE, renderOpenApiTypes } from '@/scripts/openapi-types';
import { openApiDocument } from './openapi';

const API_DIR = path.join(process.cwd(), 'app', 'api');
const EXCLUDED = new Set(['/api/auth/{...nextauth}', '/api/internal/counters']);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

const toOpenApiPath = (file: string) =>
  '/api/' +
  path
    .relative(API_DIR, path.dirname(file))
    .split(path.sep)
    .map((segment) => segment.replace(/^\[(.+)\]$/, '{$1}'))
    .join('/');

describe('the OpenAPI document', () => {
  it('has every route handler of app/api (Auth.js and the internal counters aside), and only those', async () => {
    const doc = openApiDocument();
    const handlers: string[] = [];
    for (const file of routeFiles(API_DIR)) {
      const route = toOpenApiPath(file);
      if (EXCLUDED.has(route)) continue;
      const mod = (await import(file)) as Record<string, unknown>;
      for (const method of METHODS) if (typeof mod[method] === 'function') handlers.push(`${method} ${route}`);
    }
    expect(handlers.length).toBeGreaterThan(20);
    const documented = Object.entries(doc.paths ?? {}).flatMap(([route, item]) =>
      METHODS.filter((m) => (item as Record<string, unknown>)[m.toLowerCase()]).map((m) => `${m} ${route}`),
    );
    expect(documented.sort()).toEqual(handlers.sort());
  });

  it('every operation answers errors with the { error } shape, and protected ones name both security schemes', () => {
    const doc = openApiDocument();
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['bearerAuth', 'cookieAuth']);
    for (const [route, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }>; security?: unknown[] }>)) {
        if (route === '/api/openapi.json') continue;
        const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        expect(errors.length, `${method} ${route}`).toBeGreaterThan(0);
        for (const [, response] of errors) expect(response.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
        expect(op.responses['503'], `${method} ${route}`).toBeDefined();
        if (op.security?.length) expect(op.responses['401'], `${method} ${route}`).toBeDefined();
      }
    }
  });

  it('uses the handlers\u2019 own request schemas (a strict body refuses unknown keys)', () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>> };
    const create = doc.paths['/api/user/tokens']!.post!.requestBody!.content['application/json']!.schema;
    expect(create).toMatchObject({ additionalProperties: false, required: expect.arrayContaining(['name', 'scope', 'expiresInDays']) });
    const register = doc.paths['/api/register']!.post!.requestBody!.content['application/json']!.schema;
    expect(register).toMatchObject({ additionalProperties: false });
  });

  it('passes a real OpenAPI 3.1 validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument())));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the checked-in types are up to date (npm run api:types)', async () => {
    expect(readFileSync(OPENAPI_TYPES_FILE, 'utf8')).toBe(await renderOpenApiTypes());
  });

  it("the README's API section names every documented path", () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## API clients'), readme.indexOf('\n## ', readme.indexOf('## API clients') + 5));
    const missing = Object.keys(openApiDocument().paths ?? {})
      .map((route) => route.replace(/\{([^}]+)\}/g, ':$1'))
      .filter((route) => !new RegExp(`${route.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}(?![\\w/])`).test(section));
    expect(missing).toEqual([]);
  });

  it('GET /api/openapi.json serves it, without a session', async () => {
    const res = await callRoute(getDocument, { path: '/api/openapi.json' });
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    expect(Object.keys(res.json.paths as object)).toContain('/api/user/tokens');
  });
});
