import { signal } from '@preact/signals';
import { loadLocale, pickLocale, translate, type Locale } from '../../shared/i18n/index.js';

/**
 * The staff UI's language: the browser's preferred one when the network has a staff catalogue
 * for it, English otherwise. Keys live in shared/i18n/messages/<locale>/staff.json under
 * `staff.`; coded values (incident types, advice...) come from the `codes` catalogue.
 */
export const staffLocale = signal<Locale>('en');

/** Loads the staff and codes catalogues for the browser's language. */
export async function loadStaffLocale(): Promise<void> {
  const locale = pickLocale(globalThis.navigator?.languages ?? ['en']);
  await loadLocale(locale, ['staff', 'codes', 'extension']);
  staffLocale.value = locale;
}

/** A staff UI string: `t('unlock.title')` reads `staff.unlock.title`. */
export function t(key: string, vars?: Record<string, string | number>): string {
  return translate(staffLocale.value, `staff.${key}`, vars);
}

/**
 * The tab's title, which the browser's history keeps: in discreet mode (the worker's setting on
 * this device) the extension's neutral name, as on every other page of it.
 */
export function staffPageTitle(discreet: boolean): string {
  return discreet ? translate(staffLocale.value, 'ext.discreet.name') : t('app.title');
}

/** The label of a coded value, e.g. `code('incident.robbery')`. */
export function code(key: string): string {
  return translate(staffLocale.value, key);
}
