import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { LocalTime, relativeText, utcText } from './local-time';

describe('local time', () => {
  it('renders UTC text on the server (what a browser without JavaScript keeps)', () => {
    const html = renderToStaticMarkup(<LocalTime iso="2026-03-04T05:06:07.891Z" />);
    expect(html).toBe('<time dateTime="2026-03-04T05:06:07.891Z" title="2026-03-04 05:06 UTC">2026-03-04 05:06 UTC</time>');
    expect(utcText('2026-12-31T23:59:59.000Z')).toBe('2026-12-31 23:59 UTC');
  });

  it('says how long ago in words, in the largest whole unit', () => {
    const now = Date.UTC(2026, 5, 15, 12, 0, 0);
    const ago = (seconds: number) => relativeText(new Date(now - seconds * 1000), now);
    expect(ago(20)).toBe('just now');
    expect(ago(5 * 60)).toBe('5 minutes ago');
    expect(ago(2 * 3600 + 100)).toBe('2 hours ago');
    expect(ago(26 * 3600)).toBe('yesterday');
    expect(ago(15 * 86400)).toBe('2 weeks ago');
    expect(ago(400 * 86400)).toBe('last year');
    expect(ago(-3 * 3600)).toBe('in 3 hours');
  });
});
