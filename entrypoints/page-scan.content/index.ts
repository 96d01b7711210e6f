import { browser, type Browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createPageScanner } from '../../shared/page-scan/page-scanner.js';
import type { ExtensionReplies } from '../background/messages.js';
import { isPageScanOrder } from '../background/open-pages.js';

/**
 * The page scanner, on sites the worker turned on only. It is registered at run time by the
 * service worker (background/site-access.ts) for the granted origins, so it has no `matches`
 * here: WXT would otherwise copy them into the manifest's host permissions. The worker tells it
 * to stop (site turned off, everything erased) or to scan again (the alerts changed):
 * background/open-pages.ts.
 */
export default defineContentScript({
  registration: 'runtime',
  main() {
    // Injected again into a tab that already has it (site turned on twice): keep one. A stopped
    // scanner gives its place up, so turning the site on again starts a new one.
    const flag = Symbol.for('umn-page-scan');
    const scope = globalThis as { [flag]?: boolean };
    if (scope[flag]) return;
    scope[flag] = true;

    const scanner = createPageScanner({
      doc: document,
      identify: async (request) =>
        (await browser.runtime.sendMessage({
          type: 'umn:identify',
          ...request,
        })) as ExtensionReplies['umn:identify'],
    });

    const follow = (
      message: unknown,
      sender: Browser.runtime.MessageSender,
      sendResponse: (answer: unknown) => void,
    ): undefined => {
      // Only the extension's own worker and pages give orders; a page cannot reach this
      // listener, but nothing else is trusted to stop or rescan either.
      if (sender.id !== browser.runtime.id || !isPageScanOrder(message)) return;

      if (message.action === 'stop') {
        browser.runtime.onMessage.removeListener(follow);
        scanner.stop();
        scope[flag] = false;
      } else {
        void scanner.rescan();
      }
      // Answered at once, so the worker knows the order arrived before it goes on.
      sendResponse({ ok: true });
    };
    browser.runtime.onMessage.addListener(follow);
    void scanner.start().catch(() => undefined);
  },
});
