import { signal } from '@preact/signals';
import { createAlertIndex, type AlertIndex } from '../../shared/alert-index.js';
import { openAlertStore } from '../../shared/alert-store.js';

/**
 * The popup's own copy of the check index, built from IndexedDB when the popup opens. Checks run
 * against it without waking the service worker and without any request, so they work offline.
 */

/** The index once built (null while loading). */
export const alertIndex = signal<AlertIndex | null>(null);

let loading: Promise<AlertIndex> | null = null;

/** Starts building the index (once per popup). */
export function loadAlertIndex(): Promise<AlertIndex> {
  loading ??= (async () => {
    const store = await openAlertStore();
    try {
      const index = createAlertIndex(await store.all());
      alertIndex.value = index;
      return index;
    } finally {
      store.close();
    }
  })();
  return loading;
}

/** Builds the index again (after a sync changed the alerts while the popup was open). */
export function reloadAlertIndex(): Promise<AlertIndex> {
  loading = null;
  return loadAlertIndex();
}
