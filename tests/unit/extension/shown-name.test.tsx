// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { loadLocale } from '../../../shared/i18n/index.js';
import { OnboardingPage } from '../../../entrypoints/onboarding/onboarding-page.js';
import { memberState } from '../../../entrypoints/popup/member-storage.js';
import { PopupApp } from '../../../entrypoints/popup/popup-app.js';
import { followShownName } from '../../../entrypoints/popup/shown-name.js';
import { loadStaffLocale, staffPageTitle } from '../../../entrypoints/staff/staff-i18n.js';

/**
 * Discreet mode names the extension "Notes" wherever a person or a screen reader meets its name
 * on the extension's own pages: titles (kept by history), headings, aria-labels.
 */

beforeAll(async () => {
  await loadLocale('en', ['codes', 'extension']);
  await loadStaffLocale();
});
beforeEach(() => {
  fakeBrowser.reset();
  // The popup's site toggle asks; the fake browser has no permissions.
  vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: [] });
});

const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));

function mount(node: ComponentChild): { host: HTMLElement; unmount: () => void } {
  const host = document.createElement('div');
  document.body.append(host);
  render(node, host);
  return { host, unmount: () => (render(null, host), host.remove()) };
}

describe('the name on the extension pages', () => {
  it.each([
    [true, 'Notes'],
    [false, 'Ugly Mugs Network'],
  ])('labels the popup tab list, discreet %s: "%s"', async (discreet, name) => {
    const stop = followShownName(discreet);
    const { host, unmount } = mount(
      <PopupApp start={{ member: true, needsNetwork: false, regions: [], pendingCheck: '' }} />,
    );
    await settle();

    expect(host.querySelector('[role="tablist"]')!.getAttribute('aria-label')).toBe(name);
    expect(document.title).toBe(name);
    unmount();
    stop();
  });

  it("heads a joined worker's onboarding page by the look chosen there, as it changes", async () => {
    const stop = followShownName(false, { title: false });
    document.title = 'Notes';
    const { host, unmount } = mount(<OnboardingPage joined needsNetwork={false} />);
    await settle();
    const heading = () => host.querySelector('h1')!.textContent;
    expect(heading()).toBe('Ugly Mugs Network');

    await memberState.updateSettings({ discreet: true });

    await vi.waitFor(() => expect(heading()).toBe('Notes'));
    // Opened at install, its title was never the name.
    expect(document.title).toBe('Notes');
    unmount();
    stop();
  });

  it("gives the toolbar the neutral name until the worker's look is applied", async () => {
    const { default: config } = await import('../../../wxt.config.js');
    const manifest = config.manifest as (env: { browser: string }) => {
      action?: { default_title?: string };
    };
    // Without a default title the browser shows the extension's name on hover.
    expect(manifest({ browser: 'chrome' }).action?.default_title).toBe('Notes');
  });

  it('titles the staff page with the neutral name in discreet mode', () => {
    expect(staffPageTitle(true)).toBe('Notes');
    expect(staffPageTitle(false)).toBe('Staff tools');
  });

  // The page script sets each title from the setting: a title in the HTML shows before it runs.
  it.each(['popup', 'onboarding', 'options', 'report', 'staff'])(
    "leaves the %s page's HTML title empty",
    (page) => {
      const html = readFileSync(join('entrypoints', page, 'index.html'), 'utf8');
      expect(html).toMatch(/<title><\/title>/);
    },
  );

  it.each(['popup', 'onboarding', 'options', 'report', 'staff'])(
    'never names the product in the %s page code or HTML but through shown-name.ts',
    (page) => {
      const folder = join('entrypoints', page);
      for (const file of readdirSync(folder).filter((name) => /\.(tsx?|html)$/.test(name))) {
        if (file === 'shown-name.ts') continue;
        const code = readFileSync(join(folder, file), 'utf8');
        expect([file, /'ext\.name'|Ugly Mugs/.test(code)]).toEqual([file, false]);
      }
    },
  );
});
