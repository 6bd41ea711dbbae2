/**
 * The one rule for a request's session cookie (case 68), read from the raw `Cookie` header: one
 * cookie under this origin's name is a candidate session; two values, two names of the family, or
 * a name this origin does not use are no session at all.
 */
import { describe, expect, it } from 'vitest';
import {
  HOST_SESSION_COOKIE,
  LEGACY_SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  clearingSetCookie,
  cookieHeaderForAuthJs,
  findSessionCookie,
  findSessionCookieAfterWrites,
  sessionCookieAttributes,
  sessionCookieName,
} from './session-cookie';

const jar = (cookies: Record<string, string>) => ({ get: (name: string) => (name in cookies ? { value: cookies[name]! } : undefined) });

describe('findSessionCookie', () => {
  it.each([
    ['one plain cookie over http', `${SESSION_COOKIE}=a`, false, { kind: 'one', name: SESSION_COOKIE, value: 'a' }],
    ['one __Host- cookie over https', `x=1; ${HOST_SESSION_COOKIE}=a`, true, { kind: 'one', name: HOST_SESSION_COOKIE, value: 'a' }],
    ['no cookie', 'theme=dark', false, { kind: 'none' }],
    ['no header', null, false, { kind: 'none' }],
    ['an empty value alone', `${SESSION_COOKIE}=`, false, { kind: 'none' }],
    ['two values of one name (first/last-wins parsers disagree)', `${SESSION_COOKIE}=a; ${SESSION_COOKIE}=b`, false, { kind: 'refused' }],
    ['two values even when one is empty', `${SESSION_COOKIE}=; ${SESSION_COOKIE}=b`, false, { kind: 'refused' }],
    ['a __Secure- and a plain one', `${LEGACY_SECURE_SESSION_COOKIE}=a; ${SESSION_COOKIE}=b`, false, { kind: 'refused' }],
    ['a __Host- and a plain one over https', `${HOST_SESSION_COOKIE}=a; ${SESSION_COOKIE}=b`, true, { kind: 'refused' }],
    ['a __Host- and the old __Secure- one over https', `${LEGACY_SECURE_SESSION_COOKIE}=a; ${HOST_SESSION_COOKIE}=b`, true, { kind: 'refused' }],
    ['an Auth.js "chunk" beside the cookie', `${SESSION_COOKIE}=a; ${SESSION_COOKIE}.0=b`, false, { kind: 'refused' }],
    ['the old __Secure- cookie alone over https', `${LEGACY_SECURE_SESSION_COOKIE}=a`, true, { kind: 'refused' }],
    ['a plain cookie over https', `${SESSION_COOKIE}=a`, true, { kind: 'refused' }],
    ['a __Host- cookie over http', `${HOST_SESSION_COOKIE}=a`, false, { kind: 'refused' }],
  ] as const)('%s', (_name, header, secure, expected) => {
    expect(findSessionCookie(header, secure)).toEqual(expected);
  });

  it('a value this request wrote itself (a server action re-rendering) is the session; one it deleted is none', () => {
    const sent = `${SESSION_COOKIE}=a; ${SESSION_COOKIE}=b`;
    expect(findSessionCookieAfterWrites(sent, false, jar({ [SESSION_COOKIE]: 'b' }))).toEqual({ kind: 'refused' });
    expect(findSessionCookieAfterWrites(sent, false, jar({ [SESSION_COOKIE]: 'c' }))).toEqual({ kind: 'one', name: SESSION_COOKIE, value: 'c' });
    expect(findSessionCookieAfterWrites(`${SESSION_COOKIE}=a`, false, jar({ [SESSION_COOKIE]: '' }))).toEqual({ kind: 'none' });
    expect(findSessionCookieAfterWrites(null, false, jar({ [SESSION_COOKIE]: 'n' }))).toEqual({ kind: 'one', name: SESSION_COOKIE, value: 'n' });
  });
});

describe('what Auth.js sees, and how the cookie is written and cleared', () => {
  it('Auth.js gets no session cookie at all when the rule refuses them, the header unchanged otherwise', () => {
    expect(cookieHeaderForAuthJs(`${SESSION_COOKIE}=a; authjs.csrf-token=t; ${SESSION_COOKIE}=b`, false)).toBe('authjs.csrf-token=t');
    expect(cookieHeaderForAuthJs(`${SESSION_COOKIE}=a; authjs.csrf-token=t`, false)).toBe(`${SESSION_COOKIE}=a; authjs.csrf-token=t`);
  });

  it('__Host- over https (Secure, Path=/, no Domain), the plain name over http', () => {
    expect(sessionCookieName(true)).toBe('__Host-authjs.session-token');
    expect(sessionCookieName(false)).toBe('authjs.session-token');
    expect(sessionCookieAttributes(HOST_SESSION_COOKIE, 60)).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: true, maxAge: 60 });
    expect(sessionCookieAttributes(SESSION_COOKIE)).toEqual({ httpOnly: true, sameSite: 'lax', path: '/', secure: false });
    expect(clearingSetCookie(LEGACY_SECURE_SESSION_COOKIE)).toMatch(/^__Secure-authjs\.session-token=; Path=\/; .*Max-Age=0; HttpOnly; SameSite=Lax; Secure$/);
    expect(clearingSetCookie(SESSION_COOKIE)).not.toMatch(/Secure|Domain/);
  });
});
