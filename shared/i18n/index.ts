/**
 * Translations for every UI of the network (widget, extension, staff page). Catalogues live in
 * `messages/<locale>/<namespace>.json` as flat `{"key": "text with {var}"}` objects; docs/i18n
 * notes in docs/embedding.md say how a volunteer adds a language.
 *
 * Use: `await loadLocale(locale, ['form'])` before the first render in that locale, then
 * `translate(locale, 'form.next')`. English `codes` and `form` need no loading; English
 * `extension` and `staff` load with the first loadLocale call for those namespaces.
 */
export { LOCALES, LOCALE_NAMES, isLocale, isRtl, pickLocale, type Locale } from './locales.js';
export {
  NAMESPACES,
  catalogueKeys,
  isLoaded,
  loadLocale,
  provideCatalogue,
  type Namespace,
} from './catalogue.js';
export { translate } from './translate.js';
export { formatDate, formatRelative } from './format.js';
