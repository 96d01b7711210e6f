import { browser } from 'wxt/browser';

/**
 * Telling open extension pages that the alerts held changed (a sync added, corrected or
 * retracted some, or some expired), so a popup left open never goes on answering from alerts as
 * they were when it opened. A value in `storage.session` (memory only, extension pages only):
 * every open page hears of it through `storage.onChanged`, and no page has to be listening.
 */

/** The key whose change means "read the alerts again". Its value says nothing about them. */
export const ALERTS_CHANGED_KEY = 'umn:alerts-changed';

/** Tells open pages to read the alerts again. */
export async function announceAlertsChanged(): Promise<void> {
  await browser.storage.session.set({ [ALERTS_CHANGED_KEY]: crypto.randomUUID() });
}
