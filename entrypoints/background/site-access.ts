import { browser } from 'wxt/browser';
import { createLogger } from '../../shared/logger.js';
import { tellOpenPages } from './open-pages.js';

/**
 * Page flagging runs only on sites the worker turned on. The popup asks the browser for the
 * site's permission; this module, in the service worker, registers the page scanner for every
 * origin the extension holds permission for. It runs on `permissions.onAdded`/`onRemoved` and at
 * every worker start, because the popup closes when the permission prompt takes focus, and
 * because Chromium forgets dynamic content scripts across restarts (BROWSER-TESTING.md).
 */

const log = createLogger('site-access');

/** Id of the registered page scanner. */
export const SCANNER_ID = 'umn-page-scan';

/** The built scanner file (WXT names it after entrypoints/page-scan.content). */
export const SCANNER_FILE = '/content-scripts/page-scan.js';

/**
 * Turns granted origins (`https://example.org/*`, `http://127.0.0.1/*`) into the match patterns
 * the scanner runs on. Broad grants (`<all_urls>`, `*://*\/*`) are ignored: the extension never
 * scans every site, even if the browser's settings page granted it.
 */
export function scannerMatches(origins: readonly string[]): string[] {
  const patterns = new Set<string>();
  for (const origin of origins) {
    const match = /^(https?):\/\/([^/*]+)\/.*$/.exec(origin);
    if (!match) continue;
    const host = match[2]!.replace(/:\d+$/, '');
    patterns.add(`${match[1]}://${host}/*`);
  }
  return [...patterns].sort();
}

/** The origins the worker enabled (host permissions the extension holds). */
export async function enabledPatterns(): Promise<string[]> {
  const granted = await browser.permissions.getAll();
  return scannerMatches(granted.origins ?? []);
}

/**
 * Registers, updates or removes the page scanner to match the granted origins. When a site was
 * turned off, the scanners already running in open tabs stop too (see `stopOnRemovedSites`).
 */
export function syncScannerRegistration(): Promise<string[]> {
  // One at a time: erasing removes the permissions (so `permissions.onRemoved` runs this) and
  // runs it itself; two at once both saw the script registered and the second unregistering
  // it failed, so "Leave and erase" reported a failure.
  const next = registering.then(registerNow, registerNow);
  registering = next.catch(() => undefined);
  return next;
}

let registering: Promise<unknown> = Promise.resolve();

async function registerNow(): Promise<string[]> {
  const matches = await enabledPatterns();
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SCANNER_ID] });
  const removed = (registered[0]?.matches ?? []).some((pattern) => !matches.includes(pattern));

  if (matches.length === 0) {
    if (registered.length > 0)
      await browser.scripting.unregisterContentScripts({ ids: [SCANNER_ID] });
    if (removed) await stopOnRemovedSites(matches);
    return matches;
  }

  const script = {
    id: SCANNER_ID,
    js: [SCANNER_FILE.slice(1)],
    matches,
    allFrames: true,
    runAt: 'document_idle' as const,
    persistAcrossSessions: true,
  };
  if (registered.length > 0) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
  log.debug('scanner-registered', { sites: matches.length });
  if (removed) await stopOnRemovedSites(matches);
  return matches;
}

/**
 * Stops the scanners of sites no longer turned on, in tabs already open. Without the "tabs"
 * permission the worker cannot see which tab (or frame) shows a site it lost access to, so
 * every scanner stops and the sites still on get theirs again (`scanOpenTabs`): injection only
 * reaches frames the extension still holds permission for. A frame of a site still on, inside a
 * tab of another site, stays unmarked until it reloads.
 */
async function stopOnRemovedSites(matches: string[]): Promise<void> {
  await tellOpenPages('stop');
  await scanOpenTabs(matches);
}

/**
 * Starts the scanner in tabs already open on newly granted origins, so turning a site on works
 * without a reload. A tab that refuses (a browser page, a closed tab) is skipped.
 */
export async function scanOpenTabs(origins: readonly string[]): Promise<void> {
  const patterns = scannerMatches(origins);
  if (patterns.length === 0) return;
  const tabs = await browser.tabs.query({ url: patterns });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      try {
        await browser.scripting.executeScript({
          target: { tabId: tab.id, allFrames: true },
          files: [SCANNER_FILE],
        });
      } catch {
        log.debug('scanner-inject-skipped');
      }
    }),
  );
}
