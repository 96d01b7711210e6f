import type { Locale } from './locales.js';

/**
 * Dates for people, through Intl so each locale gets its own order, month names and digits.
 * Falls back to an ISO date if the runtime lacks the locale (never throws into a render).
 */

/** Formats a timestamp (ms) or an ISO date (`2026-03-14`) as a medium date in `locale`. */
export function formatDate(locale: Locale, value: number | string): string {
  const date = typeof value === 'number' ? new Date(value) : new Date(`${value}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return String(value);
  try {
    return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/** Formats how long ago `then` was, relative to `now` (ms), e.g. "3 days ago". */
export function formatRelative(locale: Locale, then: number, now = Date.now()): string {
  const seconds = Math.round((then - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  try {
    const format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
    }
    return format.format(seconds, 'second');
  } catch {
    return new Date(then).toISOString().slice(0, 16).replace('T', ' ');
  }
}

// The network's schemes are British: English dates read "20 Nov 2026", not "Nov 20, 2026".
function intlLocale(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : locale;
}
