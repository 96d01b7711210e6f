import { isLocale, loadLocale, pickLocale, type Locale } from '../../shared/i18n/index.js';
import { state } from './extension-context.js';

/**
 * The language the worker chose (or the browser's, until they choose), with its catalogues
 * loaded, for text the service worker writes: notifications, the page card, the context menu.
 */
export async function workerLocale(): Promise<Locale> {
  const chosen = (await state.settings()).locale;
  const locale = isLocale(chosen) ? chosen : pickLocale(navigator.languages ?? []);
  await loadLocale(locale, ['codes', 'extension']);
  return locale;
}
