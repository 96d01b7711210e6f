import { render } from 'preact';
import { browser } from 'wxt/browser';
import { builtInNetwork } from '../../shared/network-config.js';
import { PENDING_CHECK_KEY } from '../background/context-menu.js';
import { loadUnreadable } from './left-out.js';
import { memberState } from './member-storage.js';
import { PopupApp } from './popup-app.js';
import { t, useLanguage } from './ui-locale.js';
import { loadAlertIndex, reloadAlertIndex } from './use-alert-index.js';
import type { ExtensionReplies } from '../background/messages.js';
import './popup.css';

// First paint needs only extension storage and the language file; the check index loads after,
// so the popup opens at once even with the service worker asleep and many alerts held.
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
  document.title = t(settings.discreet ? 'ext.discreet.name' : 'ext.name');
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
  if (membership) {
    void loadAlertIndex();
    // Opening the popup also wakes the service worker to pull anything new; the answer arrives
    // after the first paint and refreshes the index only if something changed.
    void browser.runtime
      .sendMessage({ type: 'umn:sync' })
      .then((reply: ExtensionReplies['umn:sync'] | undefined) => {
        if (reply?.ok && reply.changed > 0) void reloadAlertIndex();
        // The sync may have found alerts this device cannot open, or the key that opens them.
        void loadUnreadable();
      })
      .catch(() => undefined);
  }
}

void main();
