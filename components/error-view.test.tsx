import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { DependencyUnavailableError } from '@/lib/core/errors';
import { ErrorView } from './error-view';
import GlobalError from '@/app/global-error';

const noop = () => {};

describe('error boundaries', () => {
  it('say "try again shortly" (503) for a dependency outage, and never show the error message', () => {
    const outage = new DependencyUnavailableError('kv', new Error('connect ECONNREFUSED 10.0.0.7:6379'));
    for (const html of [renderToStaticMarkup(<ErrorView error={outage} retry={noop} />), renderToStaticMarkup(<GlobalError error={outage} retry={noop} />)]) {
      expect(html).toContain('having trouble reaching our services');
      expect(html).toContain('503');
      expect(html).toContain('Try again');
      expect(html).not.toContain('ECONNREFUSED');
      expect(html).not.toContain('Service temporarily unavailable');
    }
  });

  it('show a generic message with the digest as a reference for other errors, without message or stack', () => {
    const err = Object.assign(new Error('relation "secret_table" does not exist'), { digest: '1234567' });
    const html = renderToStaticMarkup(<ErrorView error={err} retry={noop} />);
    expect(html).toContain('Something went wrong');
    expect(html).toContain('Reference: 1234567');
    expect(html).not.toContain('secret_table');
    expect(html).not.toMatch(/at \w+ \(/);
  });
});
