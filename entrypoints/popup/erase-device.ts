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
  let reply: ExtensionReplies['umn:erase'] | undefined;
  for (let tries = 0; tries < ERASE_TRIES && reply?.ok !== true; tries++) {
    reply = (await send({ type: 'umn:erase' }).catch(() => undefined)) as
      ExtensionReplies['umn:erase'] | undefined;
  }
  const pages = await Promise.all(REPORT_DATABASES.map(deleteDatabase));
  let cache = true;
  try {
    localStorage.clear();
  } catch {
    cache = false;
  }
  return reply?.ok === true && pages.every(Boolean) && cache;
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
