import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { deleteAlertStore, openAlertStore } from '../../../shared/alert-store.js';
import { createSyncEngine } from '../../../shared/sync/index.js';
import { eraseDevice } from '../../../entrypoints/background/erase-device.js';
import { alertStore, syncEngine } from '../../../entrypoints/background/extension-context.js';
import { SCANNER_ID } from '../../../entrypoints/background/site-access.js';
import { testAlert } from './fixtures.js';

/** The service worker's part of "leave and erase", and sync held off while it runs. */

const alert = testAlert('e1', [{ kind: 'phone', value: '+447700900321' }], Date.now());

beforeEach(() => fakeBrowser.reset());

describe('eraseDevice', () => {
  it('clears alerts, extension storage, site permissions, the scanner and the badge', async () => {
    await fakeBrowser.storage.local.set({
      'umn:membership': { scheme: 'north-east', joinedAt: 1, members: [] },
      'umn:settings': { regions: ['north-east'] },
      'umn:receipts': [],
      'umn:unreadable': { count: 1, newestEpoch: 2 },
    });
    await (await alertStore()).apply([alert], 1);
    await fakeBrowser.action.setBadgeText({ text: '1' });
    let origins = ['https://chat.example.org/*'];
    let registered = [{ id: SCANNER_ID }];
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockImplementation(async () => ({ origins }));
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async () => {
      origins = [];
      return true;
    });
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(
      async () => registered as never,
    );
    const unregister = vi
      .spyOn(fakeBrowser.scripting, 'unregisterContentScripts')
      .mockImplementation(async () => void (registered = []));

    expect(await eraseDevice()).toBe(true);

    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await (await alertStore()).all()).toEqual([]);
    expect(remove).toHaveBeenCalledWith({ origins: ['https://chat.example.org/*'] });
    expect(unregister).toHaveBeenCalledWith({ ids: [SCANNER_ID] });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});

describe('erasing the alert database', () => {
  const names = async () => (await indexedDB.databases()).map((db) => db.name);

  it('deletes it while the popup and the service worker hold it open, and both reopen after', async () => {
    // The second pass of an earlier erase is over (it runs once sync is stopped).
    await syncEngine.whileStopped(async () => undefined);
    // The service worker's store and the popup's, each with its connection open.
    await (await alertStore()).apply([alert], 1);
    const popup = await openAlertStore();
    expect(await popup.count()).toBe(1);

    expect(await eraseDevice()).toBe(true);
    await syncEngine.whileStopped(async () => undefined);

    expect(await names()).not.toContain('umn-alerts');
    // A holder used again opens a new, empty database.
    expect(await popup.count()).toBe(0);
    popup.close();
  });

  it('says so when a holder does not let go within the wait', async () => {
    const stubborn = await new Promise<IDBDatabase>((opened) => {
      const request = indexedDB.open('umn-alerts-held', 1);
      request.onsuccess = () => opened(request.result);
    });

    expect(await deleteAlertStore('umn-alerts-held', 50)).toBe(false);

    stubborn.close();
  });
});

describe('sync engine whileStopped', () => {
  it('waits for the pull in flight and starts none until the work is done', async () => {
    const order: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((done) => (release = done));
    let pulls = 0;
    const engine = createSyncEngine({
      state: {} as never,
      store: async () => ({}) as never,
      network: async () => {
        const n = ++pulls;
        order.push(`pull ${n}`);
        if (n === 1) await gate;
        order.push(`pull ${n} done`);
        return null;
      },
    });

    const first = engine.sync();
    const work = engine.whileStopped(async () => void order.push('erase'));
    const asked = engine.sync();
    release();
    await Promise.all([first, work, asked]);

    expect(order).toEqual(['pull 1', 'pull 1 done', 'erase', 'pull 2', 'pull 2 done']);
  });
});
