import { effect, signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { MEMBER_STATE_KEYS } from '../../shared/sync/member-state.js';
import { memberState } from './member-storage.js';
import { t } from './ui-locale.js';

/**
 * The product's name as the extension's pages show it: in discreet mode the neutral name
 * ("Notes"), everywhere a person or a screen reader meets it (the tab's title, which history
 * keeps, a heading, an aria-label). A device may be shared or inspected (USERS.md).
 */

/** Whether the pages follow discreet mode; discreet until the stored setting is read. */
export const discreetLook = signal(true);

/** The name to show: the neutral one in discreet mode. */
export function shownName(): string {
  return t(discreetLook.value ? 'ext.discreet.name' : 'ext.name');
}

/**
 * Starts from the stored setting and follows it while the page is open, so turning discreet
 * mode on in Settings renames the page at once; with `title`, the tab's title follows too.
 */
export function followShownName(discreet: boolean, { title = true } = {}): () => void {
  discreetLook.value = discreet;
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'local' || !(MEMBER_STATE_KEYS.settings in changes)) return;
    void memberState.settings().then((settings) => (discreetLook.value = settings.discreet));
  };
  browser.storage.onChanged.addListener(listener);
  const stopTitle = title ? effect(() => void (document.title = shownName())) : () => undefined;
  return () => {
    browser.storage.onChanged.removeListener(listener);
    stopTitle();
  };
}
