/**
 * Security cases 23–31 (input) against the writes in `main` (`POST /api/register`; the product
 * and profile writes join after their branches land) and the shared schema pieces every write uses.
 * Each bad input answers 4xx with a generic message and leaves every table unchanged.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { POST as register } from '@/app/api/register/route';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '@/lib/api/request';
import { registerSchema } from '@/lib/schemas/account';
import { codePointLength, emailSchema, text } from '@/lib/core/validation';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute, ORIGIN } from '@/tests/helpers/http';
import { expectDbUnchanged, expectNoSecrets } from './support';

beforeAll(async () => {
  await useFreshBackends();
});
// A fresh KV per test: one mailbox registered in many spellings would otherwise meet the sign-up limit (case 72).
beforeEach(() => setKvForTests(instrument(createMemoryKv())));

let n = 0;
const good = () => ({ name: 'Input Tester', email: `input-${++n}@example.test`, password: 'long-enough-pw' });

async function post(body: unknown, headers: Record<string, string> = {}) {
  return expectDbUnchanged(() => callRoute(register, { method: 'POST', path: '/api/register', body, headers }));
}

describe('mass assignment', () => {
  it.each(['role', 'id', 'userId', 'authzVersion', 'minSessionVersion', 'bannedAt', 'passwordHash', 'createdAt'])(
    'an extra %s key → 422 naming it, nothing written',
    async (key) => {
      const res = await post({ ...good(), [key]: key === 'role' ? 'admin' : 1 });
      expect(res.status).toBe(422);
      expect((res.json.issues as Record<string, string[]>)._).toEqual([`Unknown field(s): ${key}`]);
    },
  );
});

describe('prototype pollution', () => {
  it.each([
    ['__proto__ at the top', (b: string) => b.replace('{', '{"__proto__":{"role":"admin","polluted":1},')],
    ['constructor.prototype', (b: string) => b.replace('{', '{"constructor":{"prototype":{"polluted":1}},')],
    ['nested __proto__', (b: string) => b.replace('{', '{"name2":{"__proto__":{"polluted":1}},')],
  ])('%s → 422, no pollution', async (_n, inject) => {
    const res = await post(inject(JSON.stringify(good())));
    expect(res.status).toBe(422);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});

describe('body limit (413 before parsing)', () => {
  it('with Content-Length over the limit', async () => {
    const res = await post(JSON.stringify({ ...good(), name: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(res.status).toBe(413);
  });
  it('without Content-Length (a chunked stream over the limit)', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ > 10) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request(`${ORIGIN}/api/register`, { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    const res = await expectDbUnchanged(() => register(request, { params: Promise.resolve({}) }));
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(11); // stopped reading at the limit
  });
  it('a Content-Length that lies (small) does not help', async () => {
    const res = await post(JSON.stringify({ ...good(), name: 'x'.repeat(MAX_BODY_BYTES) }), { 'content-length': '10' });
    expect([400, 413]).toContain(res.status);
  });
});

describe('broken JSON → 400/422 with a generic message', () => {
  it.each([
    ['truncated', '{"name": "a'],
    ['invalid', "{name: 'a'}"],
    ['empty', ''],
    ['only whitespace', '   '],
    ['trailing garbage', '{"a":1} x'],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1')],
    ['an array', '[1,2,3]'],
    ['a string', '"hello"'],
    ['null', 'null'],
    ['a number', '42'],
    [`nested ${MAX_JSON_DEPTH + 5} deep`, '{"a":'.repeat(MAX_JSON_DEPTH + 5) + '1' + '}'.repeat(MAX_JSON_DEPTH + 5)],
    ['nested 20,000 deep', '['.repeat(20_000) + ']'.repeat(20_000)],
  ])('%s', async (_n, raw) => {
    const res = await post(raw);
    expect([400, 422]).toContain(res.status);
    expect(typeof res.json.error).toBe('string');
    expectNoSecrets(res.text);
    expect(res.text).not.toMatch(/SyntaxError|Unexpected token|position \d+/);
  });
});

describe('NUL and lone surrogates → 422', () => {
  it.each([
    ['NUL in the name', { name: 'Ro\u0000bert' }],
    ['a lone high surrogate', { name: 'Bad \ud800 name' }],
    ['a lone low surrogate', { name: 'Bad \udc00 name' }],
    ['NUL in the password', { password: 'long-enough\u0000pw' }],
    ['NUL in the email', { email: 'a\u0000b@example.test' }],
  ])('%s', async (_n, patch) => {
    const res = await post({ ...good(), ...patch });
    expect(res.status).toBe(422);
  });
});

describe('Unicode lengths counted in code points, stored as given (NFC)', () => {
  it('50 emoji fit a 50-character name; 51 do not', async () => {
    expect(registerSchema.safeParse({ ...good(), name: '😀'.repeat(50) }).success).toBe(true);
    expect(registerSchema.safeParse({ ...good(), name: '😀'.repeat(51) }).success).toBe(false);
    expect(codePointLength('👍🏽')).toBe(2);
  });
  it('an RTL override and combining marks are stored NFC-normalised, verbatim otherwise', async () => {
    const body = { ...good(), name: 'Ame\u0301lie \u202Eevil' };
    const res = await callRoute(register, { method: 'POST', body });
    expect(res.status).toBe(201);
    const [row] = await (await getDb()).select({ name: users.name }).from(users).where(eq(users.email, body.email));
    expect(row?.name).toBe('Am\u00e9lie \u202Eevil');
  });
});

describe('markup and SQL metacharacters are data', () => {
  it.each([
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "Robert'); DROP TABLE users;--",
    "' OR '1'='1",
    '%_\\',
  ])('%s is stored literally', async (name) => {
    const body = { ...good(), name };
    const res = await callRoute(register, { method: 'POST', body });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ user: { name } });
    const db = await getDb();
    const [row] = await db.select({ name: users.name }).from(users).where(eq(users.email, body.email));
    expect(row?.name).toBe(name);
    expect(await db.$count(users)).toBeGreaterThan(0); // the table is still there
  });
});

describe('one mailbox, one account', () => {
  it.each([
    ['mixed case', 'Mailbox@Example.TEST'],
    ['surrounding spaces', '  mailbox@example.test  '],
    ['full-width @', 'mailbox＠example.test'],
    ['small form @', 'mailbox﹫example.test'],
    ['full-width letters', 'ｍａｉｌｂｏｘ@example.test'],
  ])('%s → the same account (409)', async (_n, email) => {
    const db = await getDb();
    if ((await db.$count(users, eq(users.email, 'mailbox@example.test'))) === 0) {
      expect((await callRoute(register, { method: 'POST', body: { ...good(), email: 'mailbox@example.test' } })).status).toBe(201);
    }
    const res = await post({ ...good(), email });
    expect(res.status).toBe(409);
    expect(await db.$count(users, eq(users.email, 'mailbox@example.test'))).toBe(1);
  });

  it.each([
    ['a Cyrillic а in the local part', 'mаilbox@example.test'],
    ['a Cyrillic е in the domain', 'mailbox@еxample.test'],
    ['a zero-width space', 'mail\u200bbox@example.test'],
    ['two @', 'mailbox@@example.test'],
    ['a homoglyph ＠ plus a real @', 'a＠b@example.test'],
  ])('%s → rejected (422), never a second account', async (_n, email) => {
    expect(emailSchema.safeParse(email).success).toBe(false);
    const res = await post({ ...good(), email });
    expect(res.status).toBe(422);
  });

  it('parallel registrations of one mailbox in different spellings create exactly one account', async () => {
    const spellings = ['race@example.test', 'RACE@example.test', 'race＠example.test', ' race@example.test', 'Race@Example.Test'];
    const results = await Promise.all(spellings.map((email) => callRoute(register, { method: 'POST', body: { ...good(), email } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await (await getDb()).$count(users, eq(users.email, 'race@example.test'))).toBe(1);
  });
});

describe('shared text() schema', () => {
  it('rejects NUL and lone surrogates before trimming and counts code points after NFC', () => {
    const t = text({ max: 3, label: 'X' });
    expect(t.safeParse('e\u0301e\u0301e\u0301').success).toBe(true); // 3 after NFC
    expect(t.safeParse('\u0000').success).toBe(false);
    expect(t.safeParse('\ud83d').success).toBe(false);
  });
});
