import { signal } from '@preact/signals';
import type { AlertIndex } from '../../shared/alert-index.js';
import type { readIdentifier } from '../../shared/identifiers/index.js';
import { openAlertStore } from '../../shared/alert-store.js';

/**
 * The popup's own check index, built from IndexedDB when the popup opens. Checks run against it
 * without waking the service worker and without any request, so they work offline. The reader
 * and the index (libphonenumber-js and the alert list) load after the first paint, so the
 * popup appears at once however many alerts are held.
 */

/** What a check needs, once loaded (null while loading). */
export interface Checker {
  index: AlertIndex;
  read: typeof readIdentifier;
}

/** The checker once built (null while loading). */
export const checker = signal<Checker | null>(null);

let loading: Promise<Checker> | null = null;

/** Starts building the checker (once per popup). */
export function loadAlertIndex(): Promise<Checker> {
  loading ??= (async () => {
    const [{ createAlertIndex }, { readIdentifier }, store] = await Promise.all([
      import('../../shared/alert-index.js'),
      import('../../shared/identifiers/index.js'),
      openAlertStore(),
    ]);
    try {
      const built: Checker = { index: createAlertIndex(await store.all()), read: readIdentifier };
      checker.value = built;
      return built;
    } finally {
      store.close();
    }
  })();
  return loading;
}

/** Builds the index again (after a sync changed the alerts while the popup was open). */
export function reloadAlertIndex(): Promise<Checker> {
  loading = null;
  return loadAlertIndex();
}
