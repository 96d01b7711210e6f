import { browser } from 'wxt/browser';
import { deleteAlertStore } from '../../shared/alert-store.js';
import { createLogger } from '../../shared/logger.js';
import { resetLookup } from './alert-lookup.js';
import { syncEngine } from './extension-context.js';
import { closeLiveFeed } from './live-feed.js';
import { tellOpenPages } from './open-pages.js';
import { syncScannerRegistration } from './site-access.js';

/**
 * "Leave and erase everything on this device", the service worker's part: with sync stopped,
 * it stops the page scanners in open tabs (their marks and cards go at once), clears the alert
 * store (its database is deleted, not only emptied: its name alone shows in the browser's
 * profile folder), every value in extension storage (network, membership and keys, directory, settings,
 * report receipts, the left-out record), the site permissions and the page scanner they
 * register, the badge and the notification. The popup erases what lives in the extension's page
 * storage (report drafts, outbox) itself. Nothing is sent to the relay.
 */

const log = createLogger('erase-device');

/**
 * Erases everything; true when every step succeeded (each step runs even if one fails). It
 * erases at once, so the worker is not kept waiting by a pull stuck on a slow relay (up to 15 s
 * a request), and again once that pull is over, before any other pull or a new join runs, so
 * nothing the pull stored survives.
 */
export async function eraseDevice(): Promise<boolean> {
  const ok = await eraseNow();
  void syncEngine.whileStopped(eraseNow);
  return ok;
}

async function eraseNow(): Promise<boolean> {
  closeLiveFeed();
  const steps: [string, () => Promise<unknown>][] = [
    // First, so open pages lose every mark and card at once, whatever else takes long.
    ['pages', () => tellOpenPages('stop')],
    // Every holder (this worker, the popup, its index worker) closes its connection when asked
    // (shared/alert-store.ts), so the deletion is waited for, not left blocked.
    ['alerts', async () => assertDone(await deleteAlertStore())],
    ['storage', () => browser.storage.local.clear()],
    ['session', () => browser.storage.session.clear()],
    ['sites', removeSitePermissions],
    ['scanner', syncScannerRegistration],
    ['badge', () => browser.action.setBadgeText({ text: '' })],
    ['notification', () => browser.notifications.clear('umn-new-alerts')],
  ];
  let ok = true;
  for (const [name, step] of steps) {
    await step().catch(() => {
      ok = false;
      log.error('erase-step-failed', { step: name });
    });
  }
  resetLookup();
  return ok;
}

function assertDone(done: boolean): void {
  if (!done) throw new Error('The alert database could not be deleted: close the extension pages.');
}

/** Gives back every site permission (all host permissions are optional: wxt.config.ts). */
async function removeSitePermissions(): Promise<void> {
  const origins = (await browser.permissions.getAll()).origins ?? [];
  if (origins.length > 0) await browser.permissions.remove({ origins });
}
