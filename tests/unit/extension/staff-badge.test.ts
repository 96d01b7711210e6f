import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { staffBadgeText } from '../../../entrypoints/background/staff-badge.js';

describe("staff's unread reports on the toolbar badge", () => {
  it.each([
    { unread: 3, discreet: false, text: '3' },
    { unread: 120, discreet: false, text: '99+' },
    // A count of reports on a shared screen says what the browser is used for.
    { unread: 3, discreet: true, text: '•' },
    { unread: 120, discreet: true, text: '•' },
  ])('$unread unread, discreet $discreet: "$text"', ({ unread, discreet, text }) => {
    expect(staffBadgeText(unread, discreet)).toBe(text);
  });
});
