/**
 * Malformed server-action payloads, handler level: the real middleware refuses what React could
 * not decode with a 400 (Next.js answered those with a 500) and lets well-formed posts through;
 * the real actions answer a form error, not a TypeError, when a crafted post leaves them without
 * a FormData. The same payloads against the production build: `tests/e2e/security-actions.e2e.ts`.
 */
import { idleState } from '@/lib/actions/action-state';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MALFORMED_SUBMISSION, validatedAction } from '@/lib/actions/safe-action';
import { middleware } from '@/middleware';
import { ORIGIN } from '@/tests/helpers/http';
import { encodeActionPayload, malformedActionPayloads, shiftedActionPayloads, validActionPayload, type ActionPayload } from './action-payload-cases';

const ID = '60' + 'ab'.repeat(20);

async function gate(payload: ActionPayload): Promise<Response> {
  const { body, contentType } = encodeActionPayload(payload);
  const headers: Record<string, string> = { 'content-type': contentType, origin: ORIGIN, host: new URL(ORIGIN).host };
  if (payload.fetch) headers['next-action'] = ID;
  return middleware(new NextRequest(`${ORIGIN}/login`, { method: 'POST', headers, body }));
}

describe('action fields React cannot decode → 400 at the gate, never 500', () => {
  it.each(malformedActionPayloads(ID).map((p) => [p.name, p] as const))('%s', async (_name, payload) => {
    const res = await gate(payload);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Malformed form body' });
  });

  it.each([validActionPayload(ID), ...shiftedActionPayloads(ID)].map((p) => [p.name, p] as const))('passes: %s', async (_name, payload) => {
    const res = await gate(payload);
    expect(res.headers.get('x-middleware-next')).toBe('1');
  });
});

describe('an action called without a FormData answers a form error (the /login actions: build suite)', () => {
  it('validatedAction, before the session check and before anything runs', async () => {
    let ran = false;
    const action = validatedAction('user', z.object({}), async () => {
      ran = true;
    }) as unknown as (...args: unknown[]) => Promise<unknown>;
    const formData = new FormData();
    formData.set('email', 'scanner@example.test');
    // What React passes for `$ACTION_ID_…` on an action that takes a state first: the form only.
    await expect(action(formData)).resolves.toEqual(MALFORMED_SUBMISSION);
    await expect(action(idleState, 'not a form')).resolves.toEqual(MALFORMED_SUBMISSION);
    expect(ran).toBe(false);
  });
});
