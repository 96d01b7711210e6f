import { browser } from 'wxt/browser';
import type { ExtensionReplies } from '../background/messages.js';

/**
 * "Leave and erase everything on this device", the popup's part. The service worker erases
 * what it keeps (entrypoints/background/erase-device.ts); the report page's drafts and outbox
 * live in this extension origin's IndexedDB, and its directory cache in localStorage, which a
 * service worker cannot reach, so they are erased here.
 */

/** The report page's databases (shared/draft-store.ts, shared/outbox.ts defaults). */
export const REPORT_DATABASES = ['umn-drafts', 'umn-outbox'] as const;

/** True once this page started an erase (it shows the outcome itself). */
let erasingHere = false;

/**
 * Follows this device leaving from another page ("Leave and erase" in another popup): `left`
 * runs once the membership is gone, unless this page is the one erasing. Returns the function
 * that stops following.
 */
export function followLeaving(membershipKey: string, left: () => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[membershipKey];
    if (area !== 'local' || !change || change.newValue !== undefined || erasingHere) return;
    left();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** How many times the service worker is asked to erase before the popup says it failed. */
const ERASE_TRIES = 3;

/**
 * Erases everything; true when every part succeeded. The service worker is asked again when
 * its answer is not a success: a message sent while the browser is stopping or waking the
 * worker can be lost, and every pass of its erase is whole and harmless to repeat.
 */
export async function eraseThisDevice(
  send: (message: unknown) => Promise<unknown> = (message) => browser.runtime.sendMessage(message),
): Promise<boolean> {
  erasingHere = true;
  let reply: ExtensionReplies['umn:erase'] | undefined;
  for (let tries = 0; tries < ERASE_TRIES && reply?.ok !== true; tries++) {
    reply = (await send({ type: 'umn:erase' }).catch(() => undefined)) as
      ExtensionReplies['umn:erase'] | undefined;
  }
  const pages = await Promise.all([...REPORT_DATABASES.map(deleteDatabase), deleteUnusedStaffDb()]);
  let cache = true;
  try {
    localStorage.clear();
  } catch {
    cache = false;
  }
  return reply?.ok === true && pages.every(Boolean) && cache;
}

/**
 * Deletes the staff database when it holds nothing: the popup's "I am scheme staff" creates it
 * empty on a worker's device, and its name there says the device met the staff tools (and opens
 * them first in the popup, popup-app.tsx). Staff data in it is kept, as the confirm step says.
 */
async function deleteUnusedStaffDb(): Promise<boolean> {
  const { STAFF_DB_NAME } = await import('../../shared/staff/staff-db.js');
  const names = (await indexedDB.databases?.().catch(() => [])) ?? [];
  if (!names.some((db) => db.name === STAFF_DB_NAME)) return true;

  const empty = await new Promise<boolean>((resolve) => {
    // No version: opens the database as it is, never upgrading it.
    const request = indexedDB.open(STAFF_DB_NAME);
    request.onerror = () => resolve(false);
    request.onsuccess = () => {
      const db = request.result;
      const stores = [...db.objectStoreNames];
      if (stores.length === 0) return (db.close(), resolve(true));
      const tx = db.transaction(stores, 'readonly');
      const counts = stores.map((store) => tx.objectStore(store).count());
      tx.oncomplete = () => (db.close(), resolve(counts.every((count) => count.result === 0)));
      tx.onerror = () => (db.close(), resolve(false));
    };
  });
  return empty ? deleteDatabase(STAFF_DB_NAME) : true;
}

/**
 * Deletes one database. "Blocked" (an open report page holds it) counts as done: the browser
 * deletes it as soon as that page closes, and no new connection opens before.
 */
function deleteDatabase(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve(true);
    request.onblocked = () => resolve(true);
    request.onerror = () => resolve(false);
  });
}
