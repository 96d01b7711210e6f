import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

/**
 * Chromium with the built extension loaded, for end-to-end tests (facts in
 * /work/shared/BROWSER-TESTING.md). Nothing is downloaded: it drives the system's
 * /usr/bin/chromium, and name resolution is pinned so no request can leave this machine.
 */

/**
 * Builds the Chrome extension into `outDir` for one test network (its relay and root key baked
 * in, as `npm start` does), so no other build of `.output` can change it mid-test. Returns the
 * unpacked extension's folder.
 */
export function buildExtensionFor(outDir: string, relayUrl: string, rootKey: string): string {
  execFileSync('npx', ['wxt', 'build'], {
    stdio: 'ignore',
    env: { ...process.env, UMN_OUT_DIR: outDir, WXT_RELAY_URL: relayUrl, WXT_ROOT_KEY: rootKey },
  });
  return join(outDir, 'chrome-mv3');
}

/** Options for a launch. */
export interface LaunchOptions {
  /** Profile directory (a fresh temporary one by default, removed on close). */
  userDataDir?: string;
  /** The unpacked build to load (default `.output/chrome-mv3`). */
  extensionDir?: string;
  /** Run with a visible window (debugging). */
  headed?: boolean;
}

/** A running Chromium with the extension. */
export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker as it was at launch (see `currentServiceWorker`). */
  serviceWorker: Worker;
  /**
   * Grants the extension host access to `origin` (`http://127.0.0.1:4321` or a pattern) the way
   * chrome://extensions' "Site access" control does, so the product's own
   * `permissions.request` then resolves at once without the prompt no test can answer.
   */
  grantSite(origin: string): Promise<void>;
  /** Stops the extension's service worker, as Chromium does when it is idle. */
  stopServiceWorker(): Promise<void>;
  /** The running service worker, waking it by opening an extension page if needed. */
  currentServiceWorker(): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * Chromium flags for every test launch (/work/shared/BROWSER-TESTING.md): no sandbox or GPU in
 * the container, nothing fetched in the background, and no host but loopback resolves.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** CHROMIUM_ARGS with the extension built in `extensionDir` loaded. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    ...CHROMIUM_ARGS,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
  ];
}

/** The match pattern for an origin (match patterns carry no port). */
export function sitePattern(origin: string): string {
  if (origin.endsWith('/*')) return origin;
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Launches Chromium with the extension and waits for its service worker. */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = resolve(options.extensionDir ?? '.output/chrome-mv3');
  const ownProfile = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'umn-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: !options.headed,
    args: chromiumArgs(extensionDir),
  });
  const serviceWorker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;

  return {
    context,
    extensionId,
    serviceWorker,

    async grantSite(origin) {
      const page = await context.newPage();
      try {
        await page.goto('chrome://extensions/');
        await page.evaluate(
          ([id, pattern]) =>
            (
              globalThis as unknown as {
                chrome: {
                  developerPrivate: { addHostPermission(id: string, host: string): Promise<void> };
                };
              }
            ).chrome.developerPrivate.addHostPermission(id!, pattern!),
          [extensionId, sitePattern(origin)],
        );
      } finally {
        await page.close();
      }
    },

    async stopServiceWorker() {
      // A persistent context has no Browser object; a page's CDP session reaches the
      // ServiceWorker domain, whose stopAllWorkers stops the extension's worker like idling does.
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      try {
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
      } finally {
        await cdp.detach();
        await page.close();
      }
    },

    async currentServiceWorker() {
      // Playwright may still list a stopped worker for a while: ask each one for an answer, and
      // wake the worker with a message from an extension page when none answers.
      const answers = (worker: Worker) =>
        Promise.race([
          worker.evaluate(() => true).catch(() => false),
          new Promise<boolean>((done) => setTimeout(() => done(false), 1_000)),
        ]);
      for (let attempt = 0; attempt < 10; attempt++) {
        for (const worker of context.serviceWorkers()) {
          if (worker.url().includes(extensionId) && (await answers(worker))) return worker;
        }
        const page = await context.newPage();
        await page.goto(`chrome-extension://${extensionId}/popup.html`);
        await page.evaluate(() =>
          (
            globalThis as unknown as {
              chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
            }
          ).chrome.runtime
            .sendMessage({ type: 'wake' })
            .catch(() => undefined),
        );
        await page.close();
      }
      throw new Error('The extension service worker did not start again.');
    },

    async close() {
      await context.close();
      if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
