import { signal } from '@preact/signals';
import {
  isLocale,
  isRtl,
  loadLocale,
  pickLocale,
  provideCatalogue,
  translate,
  type Locale,
} from '../../shared/i18n/index.js';
import enExtension from '../../shared/i18n/messages/en/extension.json';

/**
 * The interface language of the extension's pages (popup, onboarding, options): the worker's
 * choice, or the browser's until they choose. Changing it loads the catalogues first, then
 * switches, so a screen never shows half one language and half keys.
 */

// English is every extension page's fallback, so it is always loaded: bundled with the pages'
// code, an English popup paints without first fetching its catalogue's chunk (issue #7).
provideCatalogue('en', 'extension', enExtension);

/** The language every component renders in. */
export const uiLocale = signal<Locale>('en');

/** Translates `key` in the current interface language (English fallback). */
export function t(key: string, vars?: Record<string, string | number>): string {
  return translate(uiLocale.value, key, vars);
}

/** Loads and switches to `chosen` ('' follows the browser); sets `lang` and `dir` on the page. */
export async function useLanguage(chosen: string): Promise<Locale> {
  const locale = isLocale(chosen) ? chosen : pickLocale(navigator.languages ?? []);
  await loadLocale(locale, ['codes', 'extension']);
  uiLocale.value = locale;
  document.documentElement.lang = locale;
  document.documentElement.dir = isRtl(locale) ? 'rtl' : 'ltr';
  return locale;
}
