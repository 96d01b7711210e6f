import { render } from 'preact';
import { browser } from 'wxt/browser';
import { builtInNetwork } from '../../shared/network-config.js';
import { PENDING_CHECK_KEY } from '../background/pending-check.js';
import { loadPhoneFormat } from './alert-card.js';
import { loadUnreadable } from './left-out.js';
import { memberState } from './member-storage.js';
import { PopupApp } from './popup-app.js';
import { followShownName } from './shown-name.js';
import { t, useLanguage } from './ui-locale.js';
import { dropAlertIndex, followAlertChanges, loadAlertIndex } from './use-alert-index.js';
import { followLeaving } from './erase-device.js';
import { MEMBER_STATE_KEYS } from '../../shared/sync/member-state.js';
import './popup.css';

// First paint needs only extension storage (and, in a language other than English, its catalogue:
// English is bundled); the check index, the phone reader and the sync start after it, so the popup
// opens at once even with the service worker asleep and many alerts held (issue #7).
async function main() {
  // The browser's language loads while storage is read; a different chosen one after.
  const guess = useLanguage('');
  const [settings, membership, network, session] = await Promise.all([
    memberState.settings(),
    memberState.membership(),
    memberState.network(),
    browser.storage.session.get(PENDING_CHECK_KEY).catch(() => ({})),
    // Before the first paint, so no "No reports" answer is ever shown without its warning.
    loadUnreadable(),
  ]);
  if ((await guess) !== settings.locale && settings.locale) await useLanguage(settings.locale);
  followShownName(settings.discreet);
  const pending = (session as Record<string, unknown>)[PENDING_CHECK_KEY];
  if (typeof pending === 'string') void browser.storage.session.remove(PENDING_CHECK_KEY);

  render(
    <PopupApp
      start={{
        member: membership !== undefined,
        needsNetwork: !builtInNetwork() && !network,
        regions: settings.regions,
        pendingCheck: typeof pending === 'string' ? pending : '',
      }}
    />,
    document.getElementById('app')!,
  );
  // A popup left open answers from the alerts as they are now, not as they were at opening.
  followAlertChanges();
  if (membership) {
    // Left and erased from another page: no alert may stay on this screen, and no check may
    // open (so create again) the deleted store. The popup empties itself to one line; it does not
    // start afresh, which would fetch and keep the network's directory again at once.
    followLeaving(MEMBER_STATE_KEYS.membership, () => {
      dropAlertIndex();
      render(
        <p class="left-elsewhere" role="status" data-testid="left-elsewhere">
          {t('ext.leave.elsewhere')}
        </p>,
        document.getElementById('app')!,
      );
    });
    const loadChecks = () => {
      void loadAlertIndex();
      // Loads with the check's reader (the same chunk), so a matched alert's numbers show grouped.
      void loadPhoneFormat();
    };
    // Starting those loads takes the page's thread for 2-10 ms (measured): after the first paint,
    // unless a number from the context menu waits for its answer.
    if (typeof pending === 'string') loadChecks();
    else afterFirstPaint(loadChecks);
    // Opening the popup also wakes the service worker to pull anything new. Sent once the first
    // frame is painted: the worker starts in this page's process, and its start-up (measured at
    // ~4 ms on this thread and ~17 ms beside it) would otherwise delay that paint.
    afterFirstPaint(() =>
      browser.runtime
        .sendMessage({ type: 'umn:sync' })
        // What it changed reaches the index through the worker's announcement
        // (followAlertChanges); the sync may also have found alerts this device cannot open, or
        // the key that opens them.
        .then(() => void loadUnreadable())
        .catch(() => undefined)
        // For tests and the bench: the opening sync is over.
        .finally(() => performance.mark('umn:opening-sync-done')),
    );
  }
}

/** Runs `task` once the next frame is painted (at most a moment later in a hidden page). */
function afterFirstPaint(task: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    task();
  };
  // rAF runs before the frame is drawn; the task after it runs once it is. A hidden page gets
  // no frames, hence the timer.
  requestAnimationFrame(() => setTimeout(run, 0));
  setTimeout(run, 250);
}

void main();
