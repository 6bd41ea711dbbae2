'use client';
/**
 * A moment in the viewer's own time zone, which only the browser knows: "2 hours ago" with the
 * absolute local time as the title (or the other way round with `show="absolute"`). The server and a
 * browser without JavaScript show UTC text; after hydration the browser formats with Intl in its own
 * zone and locale, and the relative text moves on every minute.
 */
import { useSyncExternalStore } from 'react';

function subscribeToMinutes(onTick: () => void): () => void {
  const timer = setInterval(onTick, 60_000);
  return () => clearInterval(timer);
}
const currentMinute = () => Math.floor(Date.now() / 60_000);
// The server cannot know the zone: null renders the UTC fallback (also the first client render).
const noMinute = () => null;

/** "2026-01-02 13:04 UTC": what the server renders and what a page without JavaScript keeps. */
export function utcText(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago" (the browser's locale). */
export function relativeText(date: Date, now: number): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 60) return 'just now';
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(Math.trunc(seconds / 60), 'minute');
}

export function LocalTime({ iso, show = 'relative', className }: { iso: string; show?: 'relative' | 'absolute'; className?: string }) {
  const minute = useSyncExternalStore(subscribeToMinutes, currentMinute, noMinute);
  if (minute === null) {
    return (
      <time dateTime={iso} title={utcText(iso)} className={className}>
        {utcText(iso)}
      </time>
    );
  }
  const date = new Date(iso);
  const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  // "Now" is the snapshot of the minute ticker: render stays pure and moves on once a minute.
  const relative = relativeText(date, minute * 60_000);
  return (
    <time dateTime={iso} title={show === 'relative' ? absolute : relative} className={className} data-local>
      {show === 'relative' ? relative : absolute}
    </time>
  );
}
