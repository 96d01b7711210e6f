import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { isPageScanOrder, tellOpenPages } from '../../../entrypoints/background/open-pages.js';
import {
  SCANNER_FILE,
  SCANNER_ID,
  syncScannerRegistration,
} from '../../../entrypoints/background/site-access.js';

/**
 * The service worker telling the page scanners in open tabs to stop or scan again
 * (background/open-pages.ts), and stopping them when a site is turned off (site-access.ts).
 * The browser's APIs are an in-memory fake.
 */

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

/** Open tabs 1 to 3; tab 2 has no scanner and refuses every message. */
function fakeTabs() {
  const sent: [number, unknown][] = [];
  vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(
    async (query: { url?: string | string[] }) =>
      (query.url ? [{ id: 3 }] : [{ id: 1 }, { id: 2 }, { id: 3 }]) as never,
  );
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (
    tabId: number,
    message: unknown,
  ) => {
    if (tabId === 2) throw new Error('Could not establish connection.');
    sent.push([tabId, message]);
    return { ok: true };
  }) as never);
  return sent;
}

function fakeSites(granted: string[], registered: string[]) {
  vi.spyOn(fakeBrowser.permissions, 'getAll').mockImplementation(async () => ({
    origins: granted,
  }));
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(
    async () => (registered.length ? [{ id: SCANNER_ID, matches: registered }] : []) as never,
  );
  vi.spyOn(fakeBrowser.scripting, 'updateContentScripts').mockImplementation(async () => {});
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockImplementation(async () => {});
  vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation(async () => {});
  return vi
    .spyOn(fakeBrowser.scripting, 'executeScript')
    .mockImplementation(async () => [] as never);
}

describe('isPageScanOrder', () => {
  it.each([
    [{ type: 'umn:page-scan', action: 'stop' }, true],
    [{ type: 'umn:page-scan', action: 'rescan' }, true],
    [{ type: 'umn:page-scan', action: 'flag' }, false],
    [{ type: 'umn:identify', action: 'stop' }, false],
    [null, false],
    ['umn:page-scan', false],
  ])('%j → %s', (message, expected) => {
    expect(isPageScanOrder(message)).toBe(expected);
  });
});

describe('tellOpenPages', () => {
  it('sends the order, and nothing else, to every tab; a tab without a scanner is skipped', async () => {
    const sent = fakeTabs();

    await tellOpenPages('rescan');

    expect(sent).toEqual([
      [1, { type: 'umn:page-scan', action: 'rescan' }],
      [3, { type: 'umn:page-scan', action: 'rescan' }],
    ]);
  });
});

describe('syncScannerRegistration and open pages', () => {
  it('stops every scanner when a site is turned off, then starts the sites still on again', async () => {
    const sent = fakeTabs();
    const inject = fakeSites(
      ['http://127.0.0.1/*'],
      ['http://127.0.0.1/*', 'https://example.org/*'],
    );

    await syncScannerRegistration();

    expect(sent.map(([, message]) => message)).toEqual([
      { type: 'umn:page-scan', action: 'stop' },
      { type: 'umn:page-scan', action: 'stop' },
    ]);
    expect(fakeBrowser.tabs.query).toHaveBeenLastCalledWith({ url: ['http://127.0.0.1/*'] });
    expect(inject).toHaveBeenCalledWith({
      target: { tabId: 3, allFrames: true },
      files: [SCANNER_FILE],
    });
  });

  it('stops every scanner when the last site is turned off', async () => {
    const sent = fakeTabs();
    const inject = fakeSites([], ['https://example.org/*']);

    await syncScannerRegistration();

    expect(sent).toHaveLength(2);
    expect(inject).not.toHaveBeenCalled();
  });

  it('leaves running scanners alone when a site is turned on or nothing changed', async () => {
    const sent = fakeTabs();
    fakeSites(['http://127.0.0.1/*', 'https://example.org/*'], ['http://127.0.0.1/*']);
    await syncScannerRegistration();
    fakeSites(['http://127.0.0.1/*'], ['http://127.0.0.1/*']);
    await syncScannerRegistration();

    expect(sent).toEqual([]);
  });

  it('runs one registration at a time, so two at once (erase and onRemoved) both succeed', async () => {
    fakeTabs();
    fakeSites([], []);
    let registered = [{ id: SCANNER_ID, matches: ['https://example.org/*'] }];
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(
      async () => registered as never,
    );
    vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockImplementation(async () => {
      // As Chromium: unregistering an id that is not registered fails.
      if (registered.length === 0) throw new Error('Nonexistent script ID');
      registered = [];
      await Promise.resolve();
    });

    await expect(
      Promise.all([syncScannerRegistration(), syncScannerRegistration()]),
    ).resolves.toEqual([[], []]);
  });
});
