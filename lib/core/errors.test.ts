/**
 * Errors are recognised by brand, so a copy of this module compiled into another bundle (the page
 * bundle and the route-handler bundle each have one, while KV and database clients are shared on
 * globalThis) still speaks the same language. The second copy here is a real one: the module is
 * loaded again after `vi.resetModules()`, so its classes are distinct objects.
 */
import { describe, expect, it, vi } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import * as errors from './errors';

async function foreignCopy(): Promise<typeof errors> {
  vi.resetModules();
  const copy = await import('./errors');
  expect(copy.KvUnavailableError).not.toBe(errors.KvUnavailableError);
  return copy;
}

describe('errors from another bundle’s copy of lib/core/errors', () => {
  it('are not instances of this copy’s classes, and are recognised anyway', async () => {
    const copy = await foreignCopy();
    const kv = new copy.KvUnavailableError(new Error('ECONNREFUSED'));
    const outage = new copy.DependencyUnavailableError('database');
    const conflict = copy.conflict('taken');
    expect(kv).not.toBeInstanceOf(errors.KvUnavailableError);
    expect(outage).not.toBeInstanceOf(errors.AppError);

    expect(errors.isKvUnavailable(kv)).toBe(true);
    expect(errors.isDependencyUnavailable(outage)).toBe(true);
    expect(errors.isAppError(conflict)).toBe(true);
    expect(errors.toAppError(conflict)).toBe(conflict);
    // A KV failure that escapes to a handler is a 503 with Retry-After, not a 500.
    expect(errors.toAppError(kv)).toMatchObject({ status: 503, dependency: 'kv', headers: { 'Retry-After': expect.any(String) } });
    expect(errors.toAppError(outage)).toBe(outage);
  });

  it('look-alikes without the brand are not taken for ours', () => {
    expect(errors.isAppError(Object.assign(new Error('x'), { status: 503 }))).toBe(false);
    expect(errors.isDependencyUnavailable({ code: errors.DEPENDENCY_UNAVAILABLE })).toBe(false);
    expect(errors.isKvUnavailable(new Error('KV unavailable'))).toBe(false);
    expect(errors.toAppError(new Error('boom')).status).toBe(500);
  });
});

describe('the outage digest', () => {
  it('is a redirect Next.js itself recognises: to the outage page, 307', () => {
    const err = new errors.DependencyUnavailableError('database');
    expect(isRedirectError(err)).toBe(true);
    expect(err.digest.split(';')).toEqual(['NEXT_REDIRECT', 'replace', errors.OUTAGE_PATH, '307', '']);
    expect(isRedirectError(new errors.AppError(503, 'x'))).toBe(false);
  });
});

describe('isConnectionError', () => {
  it('recognises a failed ROLLBACK on a broken connection, whatever its cause says', () => {
    const brokenClient = new Error('Client has encountered a connection error and is not queryable');
    expect(errors.isConnectionError(new DrizzleQueryError('rollback', [], brokenClient))).toBe(true);
    expect(errors.isConnectionError(new DrizzleQueryError('rollback', [], new Error('unexpected')))).toBe(true);
    expect(errors.toAppError(new DrizzleQueryError('rollback', [], new Error('unexpected'))).status).toBe(503);
  });

  it('recognises lost connections by code and message, and not bad queries', () => {
    expect(errors.isConnectionError(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(errors.isConnectionError(new DrizzleQueryError('select 1', [], new Error('Connection terminated unexpectedly')))).toBe(true);
    expect(errors.isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    const badQuery = Object.assign(new Error('relation "nope" does not exist'), { code: '42P01' });
    expect(errors.isConnectionError(new DrizzleQueryError('select * from nope', [], badQuery))).toBe(false);
    expect(errors.isConnectionError(new DrizzleQueryError('rollback to savepoint sp1', [], badQuery))).toBe(false);
  });
});
