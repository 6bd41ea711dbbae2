import { CredentialsSignin, JWTSessionError, MissingSecret, SignOutError } from '@auth/core/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authLogger } from './auth-logger';

afterEach(() => vi.restoreAllMocks());

/** Auth.js wraps what it caught (`new JWTSessionError(e)`); its constructor types only admit a message. */
const wrapped = <T,>(ErrorClass: new (message?: string) => T, caught: Error): T => new (ErrorClass as unknown as new (caught: Error) => T)(caught);

function capture() {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  return { warn, error };
}

describe('Auth.js logger', () => {
  it('a refused sign-in is one warning line with its code, no stack', () => {
    const out = capture();
    const refused = Object.assign(new CredentialsSignin(), { code: 'rate_limited' });
    authLogger.error!(refused);
    expect(out.warn).toHaveBeenCalledExactlyOnceWith('[auth] sign-in refused (rate_limited)');
    expect(out.error).not.toHaveBeenCalled();
  });

  it('a cookie that no longer decrypts (session read or sign-out) is one line', () => {
    const out = capture();
    const decryptFailed = Object.assign(new Error('decryption operation failed'), { name: 'JWEDecryptionFailed' });
    authLogger.error!(wrapped(JWTSessionError, decryptFailed));
    authLogger.error!(wrapped(SignOutError, new Error('Invalid JWT')));
    authLogger.error!(wrapped(JWTSessionError, Object.assign(new Error('Invalid Compact JWE'), { name: 'S' })));
    expect(out.warn.mock.calls).toEqual([
      ['[auth] JWTSessionError: session cookie not accepted (decryption operation failed)'],
      ['[auth] SignOutError: session cookie not accepted (Invalid JWT)'],
      // Minified class name in the production build: recognised by its message.
      ['[auth] JWTSessionError: session cookie not accepted (Invalid Compact JWE)'],
    ]);
    expect(out.error).not.toHaveBeenCalled();
  });

  it('a real error keeps its stack', () => {
    const out = capture();
    const bug = new TypeError('cannot read x of undefined');
    authLogger.error!(wrapped(JWTSessionError, bug));
    authLogger.error!(new MissingSecret('Please define a `secret`'));
    expect(out.warn).not.toHaveBeenCalled();
    expect(out.error).toHaveBeenCalledTimes(2);
    const [line, reported] = out.error.mock.calls[0]!;
    expect(line).toBe('[auth][error] JWTSessionError: Read more at https://errors.authjs.dev#jwtsessionerror');
    expect(reported).toBe(bug);
    expect((out.error.mock.calls[1]![1] as Error).stack).toContain('MissingSecret');
  });
});
