import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import {
  ALERTS_CHANGED_KEY,
  announceAlertsChanged,
} from '../../../entrypoints/background/alerts-changed.js';
import {
  alertsVersion,
  followAlertChanges,
  quickChecker,
  type QuickChecker,
} from '../../../entrypoints/popup/use-alert-index.js';
import { readIdentifier } from '../../../shared/identifiers/index.js';

/** A popup left open hears that the alerts changed and asks its answer again. */
describe('alert changes reach an open popup', () => {
  it('bumps the lists and gives the check box a new quick checker, for session changes only', async () => {
    const quick: QuickChecker = { read: readIdentifier, check: async () => null };
    quickChecker.value = quick;
    const stop = followAlertChanges();
    const before = alertsVersion.value;

    await fakeBrowser.storage.local.set({ [ALERTS_CHANGED_KEY]: 'not from the worker' });
    expect(alertsVersion.value).toBe(before);
    expect(quickChecker.value).toBe(quick);

    await announceAlertsChanged();
    await vi.waitFor(() => expect(alertsVersion.value).toBe(before + 1));
    expect(quickChecker.value).not.toBe(quick);
    expect(quickChecker.value?.read).toBe(readIdentifier);

    // Each change is announced, even twice in a row.
    await announceAlertsChanged();
    await vi.waitFor(() => expect(alertsVersion.value).toBe(before + 2));

    stop();
    await announceAlertsChanged();
    expect(alertsVersion.value).toBe(before + 2);
    quickChecker.value = null;
  });
});
