/**
 * The OpenAPI 3.1 document of every route handler under `app/api` (Auth.js's `[...nextauth]` and
 * `internal/counters` aside), built with `zod-openapi` from the SAME zod schemas the handlers
 * validate with (`lib/schemas/*`, `lib/core/validation.ts`): no hand-written copy of a request
 * schema. Responses are described here (handlers do not validate what they return); the typed
 * client (`lib/api/openapi-types.ts`, `npm run api:types`) and the API e2e tests keep them honest.
 *
 * Every operation lists the `{ error }` statuses it can answer with: the handler wrapper's
 * (`lib/api/handler.ts`: 400/413/415/422 for bodies, 403 cross-site writes, 401 without a
 * session, 404 for refused route params), the token path's (401, 403 read scope, 429) and 503.
 * `tests/api/openapi.test.ts` walks `app/api` and fails when a handler is missing here.
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { idParamsSchema, uuidSchema } from '@/lib/core/validation';
import { forgotPasswordSchema, registerSchema, resetPasswordSchema, verifyEmailSchema } from '@/lib/schemas/account';
import { adminTokenParamsSchema, createdTokenSchema, createTokenSchema, tokenListSchema } from '@/lib/schemas/access-token';
import { adminUserPatchSchema, searchQuerySchema } from '@/lib/schemas/admin-user';
import { createProductSchema, productSearchSchema, updateProductSchema } from '@/lib/schemas/product';
import { profilePatchSchema } from '@/lib/schemas/profile';
import { adminSessionParamsSchema, reauthProofSchema, sessionScopeSchema } from '@/lib/schemas/session';
import { addPasskeySchema, passkeyParamsSchema, renamePasskeySchema } from '@/lib/schemas/passkey';
import { totpConfirmSchema } from '@/lib/schemas/second-factor';
import { ROLES } from '@/lib/core/roles';

// ---- Responses (what the handlers return) ----
const errorSchema = z
  .object({
    error: z.string(),
    issues: z.record(z.string(), z.array(z.string())).optional(),
    code: z.string().optional(),
  })
  .meta({ id: 'Error', description: 'Every error: `{ error }`, plus `issues` (422) or `code` (e.g. `reauthentication-required`).' });

const dateTime = z.string().meta({ format: 'date-time' });
const role = z.enum(ROLES);

const userSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), image: z.string().nullable(), role, createdAt: dateTime })
  .meta({ id: 'User' });
const userWithBioSchema = userSchema.extend({ bio: z.string().nullable() }).meta({ id: 'UserWithBio' });
const registeredSchema = z
  .object({ user: z.object({ id: z.string(), name: z.string(), email: z.string(), role, createdAt: dateTime }) })
  .meta({ id: 'Registered' });
const messageSchema = z.object({ message: z.string() }).meta({ id: 'Message' });
const productSchema = z
  .object({
    id: z.string(),
    ownerId: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    priceCents: z.number().int(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Product' });
const productPageSchema = z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() }).meta({ id: 'ProductPage' });
const deviceSchema = z
  .object({ id: z.string(), device: z.string(), createdAt: dateTime, lastSeenAt: dateTime, current: z.boolean() })
  .meta({ id: 'DeviceSession' });
const adminUserSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), role, bannedAt: dateTime.nullable(), emailVerifiedAt: dateTime.nullable(), createdAt: dateTime })
  .meta({ id: 'AdminUser' });
const probeSchema = z.object({ ok: z.boolean(), latencyMs: z.number().nullable().optional(), error: z.string().optional() });
const healthSchema = z
  .object({ db: probeSchema, kv: probeSchema, clientAddress: z.object({ trusted: z.boolean(), reason: z.string().optional() }) })
  .meta({ id: 'Health' });
const tokenView = tokenListSchema.shape.items.element.meta({ id: 'AccessToken' });
const tokenList = z.object({ items: z.array(tokenView) }).meta({ id: 'AccessTokenList' });
const createdToken = createdTokenSchema.meta({ id: 'CreatedAccessToken' });

const passkeySchema = z.object({ id: z.string(), name: z.string(), createdAt: dateTime, lastUsedAt: dateTime.nullable() }).meta({ id: 'Passkey' });
const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).meta({ description: 'Ten single-use codes, shown once' }) }).meta({ id: 'RecoveryCodes' });
const webauthnOptions = z.looseObject({ challenge: z.string() }).meta({ id: 'WebAuthnOptions', description: "Options for @simplewebauthn/browser's startRegistration / startAuthentication" });

// ---- Operations ----
type Access = 'public' | 'user' | 'admin';
type Method = 'get' | 'post' | 'patch' | 'delete';

const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request (JSON, UTF-8)',
  401: 'No session, or the access token is malformed, unknown, revoked or expired',
  403: 'Forbidden: a cross-site cookie write, a `read` token on a write, not an admin, or `code` says why',
  404: 'Not found (also every malformed id)',
  409: 'Conflict',
  413: 'Body larger than 64 KiB',
  415: 'Content-Type must be application/json',
  422: 'Validation failed (`issues` per field)',
  429: 'Too many requests (`Retry-After`)',
  503: 'A dependency (database, KV, mail) is unavailable (`Retry-After`)',
};

interface OpSpec {
  access: Access;
  summary: string;
  description?: string;
  body?: z.ZodType;
  path?: z.ZodObject;
  query?: z.ZodObject;
  /** Success statuses: a schema for a JSON body, null for none (204). */
  ok: Record<number, z.ZodType | null>;
  /** More error statuses this operation can answer with. */
  errors?: number[];
}

function operation(method: Method, spec: OpSpec): ZodOpenApiOperationObject {
  const write = method !== 'get';
  const statuses = new Set<number>([503, ...(spec.errors ?? [])]);
  if (spec.access !== 'public') [401, 429].forEach((s) => statuses.add(s));
  if (spec.access === 'admin' || write) statuses.add(403);
  if (spec.body) [400, 413, 415, 422].forEach((s) => statuses.add(s));
  if (spec.path) statuses.add(404);
  if (spec.query) statuses.add(422);
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, schema] of Object.entries(spec.ok)) {
    responses[status] = schema
      ? { description: 'OK', content: { 'application/json': { schema } } }
      : { description: 'No content' };
  }
  for (const status of [...statuses].sort((a, b) => a - b)) {
    responses[String(status)] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: errorSchema } } };
  }
  return {
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: spec.access === 'public' ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }],
    ...(spec.path || spec.query ? { requestParams: { ...(spec.path ? { path: spec.path } : {}), ...(spec.query ? { query: spec.query } : {}) } } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
    responses: responses as ZodOpenApiOperationObject['responses'],
  };
}

const productListQuery = z.object({
  sort: z.enum(['newest', 'name', 'price']).optional(),
  q: productSearchSchema.optional(),
  limit: z.string().meta({ description: 'An integer from 1 to 100 (default 20)', pattern: '^\\d{1,3}$' }).optional(),
  cursor: z.string().meta({ description: 'The `nextCursor` of the previous page' }).optional(),
});

const paths: ZodOpenApiPathsObject = {
  '/api/openapi.json': {
    get: {
      summary: 'This document',
      security: [],
      responses: { '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  },
  '/api/health': {
    get: operation('get', { access: 'public', summary: 'Database and KV health', ok: { 200: healthSchema } }),
  },
  '/api/register': {
    post: operation('post', { access: 'public', summary: 'Create an account', body: registerSchema, ok: { 201: registeredSchema }, errors: [409, 429] }),
  },
  '/api/password/forgot': {
    post: operation('post', { access: 'public', summary: 'Send a password reset link (202 whatever the address)', body: forgotPasswordSchema, ok: { 202: messageSchema }, errors: [429] }),
  },
  '/api/password/reset': {
    post: operation('post', { access: 'public', summary: 'Set a new password with a reset link', body: resetPasswordSchema, ok: { 200: messageSchema } }),
  },
  '/api/email/verify': {
    post: operation('post', { access: 'public', summary: 'Verify the email address with a link', body: verifyEmailSchema, ok: { 200: z.object({ userId: z.string() }) } }),
  },
  '/api/session/refresh': {
    post: operation('post', { access: 'user', summary: "Re-issue this browser's session cookie with fresh claims", ok: { 200: z.object({ role, authzVersion: z.number().int() }) } }),
  },
  '/api/user': {
    get: operation('get', { access: 'user', summary: 'The signed-in user', ok: { 200: userSchema } }),
    patch: operation('patch', { access: 'user', summary: 'Change your name and/or bio', body: profilePatchSchema, ok: { 200: userWithBioSchema }, errors: [404] }),
  },
  '/api/user/reauthenticate': {
    post: operation('post', {
      access: 'user',
      summary: "Confirm it's you: renews this sign-in's authentication time (sudo mode)",
      body: reauthProofSchema,
      ok: { 200: z.object({ reauthenticatedAt: dateTime }) },
      errors: [429],
    }),
  },
  '/api/user/factors': {
    get: operation('get', { access: 'user', summary: 'Your second factors', ok: { 200: z.object({ totp: z.boolean(), passkeys: z.number().int(), recoveryCodesLeft: z.number().int() }) } }),
  },
  '/api/user/totp': {
    post: operation('post', {
      access: 'user',
      summary: 'Start setting up an authenticator app (pending until confirmed; sudo)',
      ok: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) },
      errors: [409],
    }),
    delete: operation('delete', { access: 'user', summary: 'Turn the authenticator app off, recovery codes too (sudo)', ok: { 204: null }, errors: [409] }),
  },
  '/api/user/totp/confirm': {
    post: operation('post', { access: 'user', summary: 'Turn the authenticator app on with its first code (sudo)', body: totpConfirmSchema, ok: { 200: recoveryCodesSchema }, errors: [409] }),
  },
  '/api/user/recovery-codes': {
    post: operation('post', { access: 'user', summary: 'New recovery codes; the old ones stop working (sudo)', ok: { 200: recoveryCodesSchema }, errors: [409] }),
  },
  '/api/user/passkeys': {
    get: operation('get', { access: 'user', summary: 'Your passkeys', ok: { 200: z.object({ items: z.array(passkeySchema) }) } }),
    post: operation('post', { access: 'user', summary: 'Store a new passkey from a registration response (sudo)', body: addPasskeySchema, ok: { 201: passkeySchema }, errors: [409] }),
  },
  '/api/user/passkeys/options': {
    post: operation('post', { access: 'user', summary: 'Registration options for a new passkey (sudo)', ok: { 200: webauthnOptions } }),
  },
  '/api/user/passkeys/{id}': {
    patch: operation('patch', { access: 'user', summary: 'Rename a passkey', path: passkeyParamsSchema, body: renamePasskeySchema, ok: { 200: passkeySchema } }),
    delete: operation('delete', { access: 'user', summary: 'Remove a passkey (sudo)', path: passkeyParamsSchema, ok: { 204: null } }),
  },
  '/api/passkeys/authentication/options': {
    post: operation('post', { access: 'public', summary: 'Options for a usernameless passkey sign-in (a challenge bound to this browser)', ok: { 200: webauthnOptions }, errors: [429] }),
  },
  '/api/user/email-verification': {
    post: operation('post', { access: 'user', summary: 'Send a new verification link', ok: { 202: messageSchema }, errors: [409] }),
  },
  '/api/user/sessions': {
    get: operation('get', { access: 'user', summary: 'Your live sign-ins (devices)', ok: { 200: z.object({ items: z.array(deviceSchema) }) } }),
    delete: operation('delete', {
      access: 'user',
      summary: 'Sign out everywhere (also revokes every access token), or `?scope=others`',
      query: z.object({ scope: sessionScopeSchema.optional() }),
      ok: { 204: null },
      errors: [404],
    }),
  },
  '/api/user/sessions/{id}': {
    delete: operation('delete', { access: 'user', summary: 'Sign out one device', path: idParamsSchema, ok: { 204: null } }),
  },
  '/api/user/tokens': {
    get: operation('get', { access: 'user', summary: 'Your usable personal access tokens (never their secrets)', ok: { 200: tokenList } }),
    post: operation('post', {
      access: 'user',
      summary: 'Create a personal access token (the secret is in this answer only)',
      description: 'Cookie sessions within the sudo-mode window only (403 `reauthentication-required` otherwise); a token cannot create tokens.',
      body: createTokenSchema,
      ok: { 201: createdToken },
      errors: [409],
    }),
  },
  '/api/user/tokens/{id}': {
    delete: operation('delete', { access: 'user', summary: 'Revoke a personal access token (refused from its next request on)', path: idParamsSchema, ok: { 204: null } }),
  },
  '/api/products': {
    get: operation('get', { access: 'user', summary: 'Your products, a page at a time', query: productListQuery, ok: { 200: productPageSchema } }),
    post: operation('post', { access: 'user', summary: 'Create a product', body: createProductSchema, ok: { 201: productSchema } }),
  },
  '/api/products/{id}': {
    get: operation('get', { access: 'user', summary: 'One product (owner or admin)', path: idParamsSchema, ok: { 200: productSchema } }),
    patch: operation('patch', { access: 'user', summary: 'Change a product', path: idParamsSchema, body: updateProductSchema, ok: { 200: productSchema } }),
    delete: operation('delete', { access: 'user', summary: 'Delete a product', path: idParamsSchema, ok: { 204: null } }),
  },
  '/api/admin/users': {
    get: operation('get', {
      access: 'admin',
      summary: 'Users, 50 a page (admin)',
      query: z.object({ q: searchQuerySchema.optional(), cursor: z.string().optional() }),
      ok: { 200: z.object({ users: z.array(adminUserSchema), nextCursor: z.string().nullable() }) },
    }),
  },
  '/api/admin/users/{id}': {
    patch: operation('patch', { access: 'admin', summary: "Change a user's role or ban (admin)", path: idParamsSchema, body: adminUserPatchSchema, ok: { 200: adminUserSchema }, errors: [409] }),
    delete: operation('delete', { access: 'admin', summary: 'Delete a user (admin)', path: idParamsSchema, ok: { 204: null }, errors: [409] }),
  },
  '/api/admin/users/{id}/sessions': {
    delete: operation('delete', { access: 'admin', summary: "Sign a user out everywhere, tokens included (admin)", path: idParamsSchema, ok: { 204: null } }),
  },
  '/api/admin/users/{id}/sessions/{sessionId}': {
    delete: operation('delete', { access: 'admin', summary: "End one of a user's sign-ins (admin)", path: adminSessionParamsSchema, ok: { 204: null } }),
  },
  '/api/admin/users/{id}/factors': {
    delete: operation('delete', { access: 'admin', summary: "Reset a user's second factors (admin, sudo, audited, mailed)", path: idParamsSchema, ok: { 204: null }, errors: [409] }),
  },
  '/api/admin/users/{id}/tokens': {
    get: operation('get', { access: 'admin', summary: "A user's usable access tokens (admin)", path: idParamsSchema, ok: { 200: tokenList } }),
  },
  '/api/admin/users/{id}/tokens/{tokenId}': {
    delete: operation('delete', { access: 'admin', summary: "Revoke a user's access token (admin, audited)", path: adminTokenParamsSchema, ok: { 204: null } }),
  },
};

// `uuidSchema` is what every `{id}` is checked with; referenced so the import documents it.
void uuidSchema;

let cached: ReturnType<typeof createDocument> | undefined;

/** The document (built once per process). */
export function openApiDocument() {
  cached ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'edge-sessions API',
      version: '1.0.0',
      description:
        'Every route handler of edge-sessions. Authenticate with the session cookie (browsers) or `Authorization: Bearer es_pat_…` (a personal access token from /profile/tokens): with a bearer header the token alone decides and cookies are ignored. `read` tokens may only GET; admin routes need an admin\'s `write` token.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token', description: 'The Auth.js session cookie (`__Host-authjs.session-token` over https).' },
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal access token `es_pat_…`, never in a query string.' },
      },
    },
  });
  return cached;
}
