import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { builtInNetwork, parseNetworkConfig } from '../../shared/network-config.js';
import { createRelayClient } from '../../shared/relay-client.js';
import { joinWithInvite, type PullOutcome } from '../../shared/sync/index.js';
import { createLogger } from '../../shared/logger.js';
import { identifyForPage, resetLookup, updateLookup } from './alert-lookup.js';
import { announceAlertsChanged } from './alerts-changed.js';
import { tellOpenPages } from './open-pages.js';
import { notifyNewAlerts, updateBadge } from './attention.js';
import { eraseDevice } from './erase-device.js';
import { CHECK_MENU_ID, checkSelection, createCheckMenu } from './context-menu.js';
import { alertStore, currentNetwork, onPulled, state, syncEngine } from './extension-context.js';
import { closeLiveFeed, openLiveFeed } from './live-feed.js';
import type { ExtensionReplies, ExtensionRequest } from './messages.js';
import { capForSite } from './site-flags.js';
import { scanOpenTabs, syncScannerRegistration } from './site-access.js';
import { applyToolbarLook } from './toolbar-look.js';
import { openOnboardingAfterInstall } from './onboarding-tab.js';
import './staff-lock.js';

/**
 * The service worker: sync (alarm + live socket), the page scanner's registration, badge,
 * notifications, context menu, and answers to the popup and the page scanner. Every listener is
 * added synchronously at start-up, as MV3 requires for the worker to be woken by its events.
 */

const log = createLogger('background');
const PULL_ALARM = 'umn-pull';

export default defineBackground(() => {
  onPulled(afterPull);

  browser.runtime.onInstalled.addListener(({ reason }) => {
    void createCheckMenu();
    void openOnboardingAfterInstall(reason, () => state.membership());
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PULL_ALARM) void periodic();
  });
  browser.permissions.onAdded.addListener((granted) => {
    void syncScannerRegistration()
      .then(() => scanOpenTabs(granted.origins ?? []))
      .catch(() => log.error('scanner-registration-failed'));
  });
  browser.permissions.onRemoved.addListener(() => {
    void syncScannerRegistration().catch(() => log.error('scanner-registration-failed'));
  });
  browser.contextMenus.onClicked.addListener((info) => {
    if (info.menuItemId === CHECK_MENU_ID && info.selectionText) {
      void checkSelection(info.selectionText);
    }
  });
  browser.notifications.onClicked.addListener(() => {
    void browser.action.openPopup().catch(() => undefined);
  });
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only our own requests are answered here, so another module's listener can answer its own.
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !type.startsWith('umn:')) return false;
    // The callback form: it works in every Chromium and Firefox, unlike a returned promise.
    answer(message, sender).then(sendResponse, () => sendResponse(undefined));
    return true;
  });

  void start();
});

/** Runs at every worker start: nothing from a previous life is assumed to be in memory. */
async function start(): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ['alarm', ensureAlarm],
    ['scanner', syncScannerRegistration],
    ['look', applyToolbarLook],
    ['badge', updateBadge],
    ['socket', () => openLiveFeed(() => void syncEngine.sync())],
    ['sync', () => syncEngine.sync()],
  ];
  // One failing step (no network yet, a browser without an API) never stops the others.
  for (const [name, step] of steps) {
    await step().catch(() => log.error('start-step-failed', { step: name }));
  }
}

async function ensureAlarm(): Promise<void> {
  if (await browser.alarms.get(PULL_ALARM)) return;
  await browser.alarms.create(PULL_ALARM, { periodInMinutes: 5, delayInMinutes: 1 });
}

async function periodic(): Promise<void> {
  await syncEngine.sync();
  // Opening the store of a device that left would create its database again.
  const expired = (await state.membership()) ? await (await alertStore()).pruneExpired() : [];
  if (expired.length > 0) {
    resetLookup();
    await updateBadge();
    await alertsChanged();
  }
  await openLiveFeed(() => void syncEngine.sync());
}

/**
 * The alerts held changed, once for the whole batch: page scanners in open tabs scan again (a
 * retracted alert's marks go, a new or corrected one shows without a reload), and open
 * extension pages read the alerts again.
 */
async function alertsChanged(): Promise<void> {
  // Not awaited: a tab slow to answer must not hold up the sync that changed the alerts.
  void tellOpenPages('rescan').catch(() => undefined);
  await announceAlertsChanged();
}

async function afterPull(outcome: PullOutcome): Promise<void> {
  const changed = outcome.added.length + outcome.corrected.length + outcome.retracted.length;
  log.debug('pulled', { added: outcome.added.length, retracted: outcome.retracted.length });
  if (changed === 0) {
    // Alerts this device could not open: the badge must not look like "nothing new".
    if (outcome.unreadable.count > 0) await updateBadge();
    return;
  }
  await updateLookup(outcome);
  await alertsChanged();
  if (outcome.from === 0) {
    // The first sync after joining brings the whole current list: nothing in it is "new" to
    // announce, and a badge of every alert held would only be noise.
    await (await alertStore()).markAllRead();
  } else {
    const gone = new Set(outcome.retracted);
    await notifyNewAlerts(outcome.added.filter((a) => !gone.has(a.id)));
  }
  await updateBadge();
}

/** The origin of the frame that sent a message ('' when unknown: all such share one cap). */
function senderOrigin(sender: Browser.runtime.MessageSender): string {
  try {
    return sender.origin ?? new URL(sender.url ?? '').origin;
  } catch {
    return '';
  }
}

function fromThisExtension(sender: Browser.runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id;
}

async function answer(
  message: unknown,
  sender: Browser.runtime.MessageSender,
): Promise<ExtensionReplies[ExtensionRequest['type']] | undefined> {
  if (!fromThisExtension(sender) || typeof message !== 'object' || message === null) return;
  const request = message as ExtensionRequest;
  // Content scripts run on web pages; they may only ask about the text of their page.
  const fromExtensionPage = sender.url?.startsWith(browser.runtime.getURL('/')) === true;
  if (!fromExtensionPage && request.type !== 'umn:identify') return;

  switch (request.type) {
    case 'umn:identify': {
      const answered = await identifyForPage({ texts: request.texts, links: request.links });
      // Every mark can be read by the site's own scripts: cap what one site may learn.
      return capForSite(senderOrigin(sender), answered, sender.tab?.id);
    }
    case 'umn:join':
      return join(request.code);
    case 'umn:set-network':
      return setNetwork(request.relayUrl, request.rootKey);
    case 'umn:sync': {
      const result = await syncEngine.sync();
      if (!result.ok) return { ok: false, added: 0, changed: 0 };
      const { added, corrected, retracted } = result.outcome;
      return {
        ok: true,
        added: added.length,
        changed: added.length + corrected.length + retracted.length,
      };
    }
    case 'umn:settings-changed':
      await Promise.allSettled([applyToolbarLook(), updateBadge(), createCheckMenu()]);
      return { ok: true };
    case 'umn:alerts-read':
      // Not after leaving: opening the store would create its deleted database again.
      if (await state.membership()) await (await alertStore()).markAllRead();
      await updateBadge();
      return { ok: true };
    case 'umn:erase':
      return { ok: await eraseDevice() };
    default:
      return undefined;
  }
}

async function join(code: string): Promise<ExtensionReplies['umn:join']> {
  const network = await currentNetwork();
  if (!network) return { ok: false, problem: 'no-directory' };
  const relay = createRelayClient(network.relayUrl);
  // A leave-and-erase still finishing (its second pass) must not wipe this new membership.
  await syncEngine.whileStopped(async () => undefined);
  const joined = await joinWithInvite(String(code), { relay, state, rootKey: network.rootKey });
  if (!joined.ok) return joined;

  log.debug('joined');
  await syncEngine.sync();
  await updateBadge().catch(() => undefined);
  // The toolbar as the settings now say: a device erased in discreet mode kept its plain look
  // until here, and a worker who leaves the join form's choice as it is sends no change.
  await applyToolbarLook().catch(() => undefined);
  closeLiveFeed();
  await openLiveFeed(() => void syncEngine.sync()).catch(() => undefined);
  return { ok: true, schemeName: joined.scheme.name };
}

async function setNetwork(
  relayUrl: string,
  rootKey: string,
): Promise<ExtensionReplies['umn:set-network']> {
  if (builtInNetwork()) return { ok: false, problem: 'built-in' };
  const parsed = parseNetworkConfig(String(relayUrl), String(rootKey));
  if (!parsed.ok) return parsed;
  await syncEngine.whileStopped(async () => undefined);
  await state.setNetwork({ relayUrl: parsed.config.relayUrl, rootKey: parsed.config.rootKeyText });
  return { ok: true };
}
