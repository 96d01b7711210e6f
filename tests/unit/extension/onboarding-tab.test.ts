import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { openOnboardingAfterInstall } from '../../../entrypoints/background/onboarding-tab.js';

const created = vi.spyOn(fakeBrowser.tabs, 'create');

beforeEach(() => {
  fakeBrowser.reset();
  created.mockClear();
});

describe('the join page after install', () => {
  it('opens for a browser that has not joined', async () => {
    expect(await openOnboardingAfterInstall('install', async () => null)).toBe(true);
    expect(created).toHaveBeenCalledWith({ url: expect.stringMatching(/\/onboarding\.html$/) });
  });

  it('stays shut for a joined browser installed afresh, and on updates', async () => {
    expect(await openOnboardingAfterInstall('install', async () => ({ scheme: 'x' }))).toBe(false);
    expect(await openOnboardingAfterInstall('update', async () => null)).toBe(false);
    expect(created).not.toHaveBeenCalled();
  });
});
