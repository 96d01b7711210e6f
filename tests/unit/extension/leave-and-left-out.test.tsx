// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { createCheckIndex, freshIndex } from '../../../shared/alert-index/check-index.js';
import { readIdentifier } from '../../../shared/identifiers/index.js';
import { loadLocale } from '../../../shared/i18n/index.js';
import { badgeText } from '../../../entrypoints/background/attention.js';
import { CheckPanel } from '../../../entrypoints/popup/check-panel.js';
import { eraseThisDevice, REPORT_DATABASES } from '../../../entrypoints/popup/erase-device.js';
import { openStaffDb, STAFF_DB_NAME } from '../../../shared/staff/staff-db.js';
import { LeaveNetwork } from '../../../entrypoints/popup/leave-network.js';
import { LeftOutBanner, unreadableAlerts } from '../../../entrypoints/popup/left-out.js';
import { createIndexChecks } from '../../../entrypoints/popup/stored-checker.js';
import { checker } from '../../../entrypoints/popup/use-alert-index.js';

/**
 * A device left out of a key rotation says so (banner, "no reports" answer, badge), and a worker
 * can leave and erase the extension's data after a confirm step that lists what goes.
 */

beforeAll(async () => {
  await loadLocale('en', ['codes', 'extension']);
  // An empty check index: every full number is a certain "no reports".
  const { base, changes } = freshIndex([], 1);
  const index = createCheckIndex(base, changes);
  const source = {
    alertsByIds: async () => ({ generation: 1, alerts: [] }),
    checkIndex: async () => index,
    rebuildCheckIndex: async () => index,
  };
  checker.value = { read: readIdentifier, check: createIndexChecks(index, source).check };
});

afterEach(() => {
  unreadableAlerts.value = undefined;
});

function mount(node: preact.ComponentChild) {
  const host = document.createElement('div');
  document.body.append(host);
  render(node, host);
  return host;
}

const click = (host: HTMLElement, testId: string) =>
  host.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!.click();

async function noReportsText(): Promise<string> {
  const host = mount(<CheckPanel initial="07700 900999" />);
  const result = host.querySelector('[data-testid="check-result"]')!;
  await vi.waitFor(() => expect(result.querySelector('[data-answer="none"]')).not.toBeNull());
  const text = result.textContent!;
  render(null, host);
  return text;
}

describe('left out of a key rotation', () => {
  it('"No reports" carries the warning only while alerts could not be read', async () => {
    expect(await noReportsText()).not.toContain('may be missing alerts');

    unreadableAlerts.value = { count: 2, newestEpoch: 3 };
    const warned = await noReportsText();
    expect(warned).toContain('No reports found.');
    expect(warned).toContain('This answer may be missing alerts');
    expect(warned).toContain('new invite code');
  });

  it('shows the banner with a way to join again only while it holds', () => {
    let asked = 0;
    const quiet = mount(<LeftOutBanner onJoinAgain={() => asked++} />);
    expect(quiet.querySelector('[data-testid="left-out"]')).toBeNull();

    unreadableAlerts.value = { count: 1, newestEpoch: 2 };
    const host = mount(<LeftOutBanner onJoinAgain={() => asked++} />);
    expect(host.textContent).toContain('New alerts could not be read on this device');
    expect(host.textContent).toContain('may be missing alerts');
    click(host, 'left-out-join-again');
    expect(asked).toBe(1);
  });

  it.each([
    { unread: 0, leftOut: false, discreet: false, text: '' },
    { unread: 0, leftOut: true, discreet: false, text: '!' },
    { unread: 0, leftOut: true, discreet: true, text: '•' },
    { unread: 3, leftOut: true, discreet: false, text: '3' },
    { unread: 120, leftOut: false, discreet: false, text: '99+' },
    { unread: 3, leftOut: false, discreet: true, text: '•' },
  ])('badge for $unread unread, left out $leftOut, discreet $discreet', (row) => {
    expect(badgeText(row.unread, row.leftOut, row.discreet)).toBe(row.text);
  });
});

describe('leave and erase', () => {
  it('lists what is deleted, erases only after confirming, then hands back', async () => {
    let erased = 0;
    let done = 0;
    const host = mount(
      <LeaveNetwork onErased={() => done++} erase={async () => (erased++, true)} />,
    );
    click(host, 'leave-start');
    await vi.waitFor(() =>
      expect(host.querySelector('[data-testid="leave-confirm-step"]')).not.toBeNull(),
    );
    const text = host.textContent!;
    for (const words of ['every alert', 'membership', 'settings', 'report drafts', 'page flagging'])
      expect(text).toContain(words);
    expect(erased).toBe(0);

    click(host, 'leave-confirm');
    await vi.waitFor(() => expect(done).toBe(1));
    expect(erased).toBe(1);
  });

  it('says so and stays when erasing failed', async () => {
    let done = 0;
    const host = mount(
      <LeaveNetwork confirming onErased={() => done++} erase={async () => false} />,
    );
    click(host, 'leave-confirm');
    await vi.waitFor(() =>
      expect(host.querySelector('[data-testid="leave-failed"]')).not.toBeNull(),
    );
    expect(done).toBe(0);
  });

  it("erases the report page's drafts, outbox and cache, and asks the worker to erase", async () => {
    for (const name of REPORT_DATABASES) {
      await new Promise((opened) => {
        const request = indexedDB.open(name, 1);
        request.onsuccess = () => (request.result.close(), opened(undefined));
      });
    }
    localStorage.setItem('umn:directory', '{}');
    const sent: unknown[] = [];

    const ok = await eraseThisDevice(async (message) => (sent.push(message), { ok: true }));

    expect(ok).toBe(true);
    expect(sent).toEqual([{ type: 'umn:erase' }]);
    const names = (await indexedDB.databases()).map((db) => db.name);
    for (const name of REPORT_DATABASES) expect(names).not.toContain(name);
    expect(localStorage.length).toBe(0);
    expect(await eraseThisDevice(async () => ({ ok: false }))).toBe(false);
  });

  it('deletes the staff database "I am scheme staff" left empty, and keeps one holding staff data', async () => {
    const names = async () => (await indexedDB.databases()).map((db) => db.name);
    (await openStaffDb()).close();

    expect(await eraseThisDevice(async () => ({ ok: true }))).toBe(true);
    expect(await names()).not.toContain(STAFF_DB_NAME);

    const held = await openStaffDb();
    await held.put('cursors', { scheme: 'north-east', seq: 4 });
    held.close();
    expect(await eraseThisDevice(async () => ({ ok: true }))).toBe(true);
    expect(await names()).toContain(STAFF_DB_NAME);
  });
});
