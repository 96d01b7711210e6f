/**
 * The languages the network's UI speaks, and how one is chosen from the browser's preferences.
 * The list follows USERS.md (languages migrant workers in UK schemes read most).
 */

/** A UI language, as a BCP 47 tag. */
export type Locale =
  'en' | 'ro' | 'pl' | 'pt-BR' | 'es' | 'bg' | 'hu' | 'th' | 'zh-Hans' | 'sq' | 'ru' | 'ar';

/** Every supported locale, English first (the fallback for any missing text). */
export const LOCALES: readonly Locale[] = [
  'en',
  'ro',
  'pl',
  'pt-BR',
  'es',
  'bg',
  'hu',
  'th',
  'zh-Hans',
  'sq',
  'ru',
  'ar',
];

/** Each locale's own name for itself, for a language switcher that everyone can read. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  ro: 'Română',
  pl: 'Polski',
  'pt-BR': 'Português (Brasil)',
  es: 'Español',
  bg: 'Български',
  hu: 'Magyar',
  th: 'ไทย',
  'zh-Hans': '简体中文',
  sq: 'Shqip',
  ru: 'Русский',
  ar: 'العربية',
};

/** True when `value` is one of LOCALES. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the first supported locale from the browser's preferences (`navigator.languages`),
 * matching the exact tag first and then the base language (`pt-PT` → `pt-BR`, `zh-CN` →
 * `zh-Hans`). Traditional Chinese is not offered as Simplified; English when nothing matches.
 */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const match = matchTag(tag);
    if (match) return match;
  }
  return 'en';
}

function matchTag(tag: string): Locale | undefined {
  if (typeof tag !== 'string' || tag.length === 0) return undefined;
  const lower = tag.toLowerCase();
  const exact = LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;

  const [base, ...rest] = lower.split(/[-_]/);
  if (base === 'zh') {
    const traditional = rest.some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p));
    return traditional ? undefined : 'zh-Hans';
  }
  if (base === 'pt') return 'pt-BR';
  return LOCALES.find((l) => l === base);
}

/** True for right-to-left scripts (Arabic): the UI sets `dir="rtl"`. */
export function isRtl(locale: Locale): boolean {
  return locale === 'ar';
}
