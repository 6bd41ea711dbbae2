/**
 * Issue 21, finding 9: a display name is one line of text. CR, LF, the other control characters and
 * the Unicode line separators are refused (422 / a field error, nothing written) on every write of
 * a name: `POST /api/register`, `PATCH /api/user`, the /register and /profile forms. Names that
 * arrive from a provider are cleaned instead (`sanitizeDisplayName`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { POST as register } from '@/app/api/register/route';
import { PATCH as patchUser } from '@/app/api/user/route';
import { registerWithPassword } from '@/app/(auth)/actions';
import { updateProfile } from '@/app/(dashboard)/profile/actions';
import { nameSchema, sanitizeDisplayName } from '@/lib/core/validation';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';

const BAD_NAMES: [string, string][] = [
  ['a CR LF (a forged log line)', 'Mallory\r\n[auth] admin@example.com signed in'],
  ['a bare LF', 'Mallory\nAdmin'],
  ['a trailing LF (refused, not trimmed away)', 'Mallory\n'],
  ['a tab', 'Mal\tlory'],
  ['an escape sequence', 'Mal\u001b[31mlory'],
  ['DEL', 'Mal\u007flory'],
  ['a C1 control (NEL)', 'Mal\u0085lory'],
  ['U+2028 LINE SEPARATOR', 'Mal\u2028lory'],
  ['U+2029 PARAGRAPH SEPARATOR', 'Mal\u2029lory'],
];
const MESSAGE = 'Name must not contain line breaks or control characters';

let user: TokenSubject;
let n = 0;
const idle = { status: 'idle' } as const;

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

async function nameInDb(id: string): Promise<string | undefined> {
  const [row] = await (await getDb()).select({ name: users.name }).from(users).where(eq(users.id, id));
  return row?.name;
}

beforeAll(async () => {
  await useFreshBackends();
  user = await createTestUser({ name: 'Original Name' });
});

describe.each(BAD_NAMES)('a name with %s', (_label, name) => {
  it('POST /api/register → 422 naming the field; no account', async () => {
    const res = await expectDbUnchanged(() =>
      callRoute(register, { method: 'POST', body: { name, email: `names-${++n}@example.test`, password: 'long-enough-pw' } }),
    );
    expect(res.status).toBe(422);
    expect((res.json.issues as Record<string, string[]>).name).toContain(MESSAGE);
  });

  it('PATCH /api/user → 422; the stored name is unchanged', async () => {
    const res = await expectDbUnchanged(async () => callRoute(patchUser, { method: 'PATCH', cookie: await sessionCookie(user), body: { name } }));
    expect(res.status).toBe(422);
    expect((res.json.issues as Record<string, string[]>).name).toContain(MESSAGE);
    expect(await nameInDb(user.id)).toBe('Original Name');
  });

  it('the /profile form → a field error; the stored name is unchanged', async () => {
    enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
    const state = await expectDbUnchanged(() => updateProfile(idle, form({ name, bio: '' })));
    expect(state.fieldErrors?.name).toContain(MESSAGE);
    expect(await nameInDb(user.id)).toBe('Original Name');
  });

  it('the /register form → a field error; no account', async () => {
    enterRequest({ surface: 'action' });
    const state = await expectDbUnchanged(() => registerWithPassword(idle, form({ name, email: `names-${++n}@example.test`, password: 'long-enough-pw' })));
    expect(state.fieldErrors?.name).toContain(MESSAGE);
  });
});

describe('names that are one line', () => {
  it('letters, marks, emoji with joiners and inner spaces still pass', () => {
    for (const name of ['Ada Lovelace', 'Zoë Ångström', '李小龍', 'محمد', '👩‍💻 Dev', "O'Brien-Smith"]) {
      expect(nameSchema.safeParse(name).success, name).toBe(true);
    }
  });

  it('sanitizeDisplayName (provider profiles) turns a bad name into one that nameSchema accepts', () => {
    expect(sanitizeDisplayName('Mallory\r\n[auth] forged')).toBe('Mallory [auth] forged');
    expect(sanitizeDisplayName('\u0000\n')).toBe('User');
    expect(sanitizeDisplayName(null, 'octocat')).toBe('octocat');
    expect(sanitizeDisplayName('x', 'a\tb')).toBe('a b');
    const long = sanitizeDisplayName('😀'.repeat(80));
    expect(nameSchema.safeParse(long).success).toBe(true);
    for (const [, bad] of BAD_NAMES) expect(nameSchema.safeParse(sanitizeDisplayName(bad)).success, JSON.stringify(bad)).toBe(true);
  });
});
