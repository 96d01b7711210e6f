import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createPageScanner } from '../../shared/page-scan/page-scanner.js';
import type { ExtensionReplies } from '../background/messages.js';

/**
 * The page scanner, on sites the worker turned on only. It is registered at run time by the
 * service worker (background/site-access.ts) for the granted origins, so it has no `matches`
 * here: WXT would otherwise copy them into the manifest's host permissions.
 */
export default defineContentScript({
  registration: 'runtime',
  main() {
    // Injected again into a tab that already has it (site turned off and on): keep one.
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
    void scanner.start().catch(() => undefined);
  },
});
