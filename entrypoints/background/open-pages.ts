import { browser } from 'wxt/browser';
import { createLogger } from '../../shared/logger.js';

/**
 * Telling the page scanners already running in open tabs that what they show is out of date, so
 * no mark outlives the worker's choice or the alert behind it: a site turned off or everything
 * erased stops them (every mark and the card go at once), and a change to the alerts held makes
 * them scan their page again. The order carries no identifier, site or alert: only what to do.
 * It goes to every tab, as the worker cannot tell (without the "tabs" permission) which tabs run
 * a scanner; a tab without one refuses it, and that is ignored.
 */

const log = createLogger('open-pages');

/** What a running page scanner is told: stop for good, or scan its page again. */
export interface PageScanOrder {
  type: 'umn:page-scan';
  action: 'stop' | 'rescan';
}

/** True for an order from `tellOpenPages` (the content script checks its sender too). */
export function isPageScanOrder(message: unknown): message is PageScanOrder {
  const order = message as Partial<PageScanOrder> | null;
  return (
    typeof order === 'object' &&
    order !== null &&
    order.type === 'umn:page-scan' &&
    (order.action === 'stop' || order.action === 'rescan')
  );
}

/** Sends `action` to the page scanners in every open tab (all their frames). */
export async function tellOpenPages(action: PageScanOrder['action']): Promise<void> {
  const order: PageScanOrder = { type: 'umn:page-scan', action };
  const tabs = await browser.tabs.query({}).catch(() => []);
  let told = 0;
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      try {
        await browser.tabs.sendMessage(tab.id, order);
        told++;
      } catch {
        // No scanner in this tab (a browser page, a site never turned on): nothing to tell.
      }
    }),
  );
  log.debug('pages-told', { action, tabs: told });
}
