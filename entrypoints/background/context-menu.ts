import { browser } from 'wxt/browser';
import { translate } from '../../shared/i18n/index.js';
import { PENDING_CHECK_KEY } from './pending-check.js';
import { workerLocale } from './worker-locale.js';

/**
 * "Check this number" on selected text. The selection is handed to the popup through
 * session storage (memory only, gone when the browser closes), never through a URL, so what was
 * checked does not land in the browser's history.
 */

/** Id of the context menu entry. */
export const CHECK_MENU_ID = 'umn-check-selection';

/** Session-storage key the popup reads a pending check from. */
export { PENDING_CHECK_KEY };

/** Creates (or re-creates, in the worker's language) the context menu entry. */
export async function createCheckMenu(): Promise<void> {
  const locale = await workerLocale();
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({
    id: CHECK_MENU_ID,
    title: translate(locale, 'ext.menu.check'),
    contexts: ['selection'],
  });
}

/** Stores the selected text for the popup and opens it (or a popup-sized window). */
export async function checkSelection(selection: string): Promise<void> {
  await browser.storage.session.set({ [PENDING_CHECK_KEY]: selection.slice(0, 200) });
  try {
    await browser.action.openPopup();
  } catch {
    // No window to anchor the popup to: open the same page in a small window instead.
    await browser.windows.create({
      url: browser.runtime.getURL('/popup.html'),
      type: 'popup',
      width: 380,
      height: 600,
    });
  }
}
