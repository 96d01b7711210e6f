import { lookup } from './catalogue.js';
import type { Locale } from './locales.js';

/**
 * Translates `key` into `locale`, filling `{name}` placeholders from `vars` (numbers formatted
 * with Intl.NumberFormat for the locale). Falls back to English, then to the key itself; never
 * throws, so a missing translation shows English rather than a broken screen.
 *
 * Plurals: when `vars.count` is a number and the catalogue has `<key>.<category>` (categories
 * from Intl.PluralRules: zero, one, two, few, many, other), that form is used, e.g.
 * `"receipts.one": "{count} report"`, `"receipts.other": "{count} reports"`.
 */
export function translate(
  locale: Locale,
  key: string,
  vars?: Record<string, string | number>,
): string {
  const text = find(locale, key, vars) ?? find('en', key, vars) ?? key;
  return vars ? fill(text, locale, vars) : text;
}

function find(
  locale: Locale,
  key: string,
  vars: Record<string, string | number> | undefined,
): string | undefined {
  const count = vars?.count;
  if (typeof count === 'number') {
    const category = pluralCategory(locale, count);
    const plural = lookup(locale, `${key}.${category}`) ?? lookup(locale, `${key}.other`);
    if (plural !== undefined) return plural;
  }
  return lookup(locale, key);
}

function pluralCategory(locale: Locale, count: number): string {
  try {
    return new Intl.PluralRules(locale).select(count);
  } catch {
    return 'other';
  }
}

function fill(text: string, locale: Locale, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

function formatNumber(locale: Locale, value: number): string {
  try {
    return new Intl.NumberFormat(locale).format(value);
  } catch {
    return String(value);
  }
}
