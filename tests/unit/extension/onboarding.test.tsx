// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { loadLocale } from '../../../shared/i18n/index.js';
import { createCode } from '../../../shared/protocol/code.js';
import { OnboardingFlow } from '../../../entrypoints/onboarding/onboarding-flow.js';
import { memberState } from '../../../entrypoints/popup/member-storage.js';

beforeAll(async () => {
  await loadLocale('en', ['codes', 'extension']);
});

// Each test starts as a fresh install: nothing chosen, nothing stored.
beforeEach(() => fakeBrowser.reset());

const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));

const radio = (host: Element, testId: string) =>
  host.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!;

/** The discreet choice, once the stored settings are read: waited for, not a fixed time. */
function discreetChoice(host: Element): Promise<Element> {
  return vi.waitFor(async () => {
    await settle();
    const found = host.querySelector('[data-testid="discreet-choice"]');
    if (!found) throw new Error('not rendered yet');
    return found;
  });
}

describe('joining', () => {
  it('says a mistyped code is wrong once, not under the field and again under the button', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    render(<OnboardingFlow needsNetwork={false} onJoined={() => undefined} />, host);
    await settle();
    const text = createCode().text;
    const typo = text.slice(0, -1) + (text.endsWith('A') ? 'B' : 'A');
    const input = host.querySelector<HTMLInputElement>('[data-testid="invite-code"]')!;
    await act(() => {
      input.value = typo;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const count = () => (host.textContent!.match(/mistyped/g) ?? []).length;
    expect(count()).toBe(1);
    await act(() => host.querySelector<HTMLButtonElement>('[data-testid="join"]')!.click());
    await settle();
    expect(count()).toBe(1);
    expect(host.querySelector('[data-testid="join-error"]')!.textContent).toMatch(/mistyped/);
    render(null, host);
    host.remove();
  });

  it('offers discreet mode, explained, and has it chosen for a worker who does nothing', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    render(<OnboardingFlow needsNetwork={false} onJoined={() => undefined} />, host);
    const choice = await discreetChoice(host);
    expect(choice.textContent).toMatch(/Notes/);
    expect(choice.querySelectorAll('input[type="radio"]')).toHaveLength(2);
    expect(radio(host, 'discreet-on').checked).toBe(true);
    expect(radio(host, 'discreet-off').checked).toBe(false);
    // What the toolbar look (applyToolbarLook) and Settings read, with nothing stored yet.
    expect((await memberState.settings()).discreet).toBe(true);
    render(null, host);
    host.remove();
  });

  it('lets the worker choose the normal look instead', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    render(<OnboardingFlow needsNetwork={false} onJoined={() => undefined} />, host);
    await discreetChoice(host);
    await act(() => radio(host, 'discreet-off').click());
    await vi.waitFor(async () => {
      await settle();
      const stored = (await fakeBrowser.storage.local.get('umn:settings'))['umn:settings'] as
        { discreet: boolean } | undefined;
      expect(stored?.discreet).toBe(false);
    });
    expect((await memberState.settings()).discreet).toBe(false);
    render(null, host);
    host.remove();
  });
});

describe('the popup before joining', () => {
  it('shows the invite form, with the staff tools only behind "I am scheme staff"', async () => {
    const { PopupApp } = await import('../../../entrypoints/popup/popup-app.js');
    const host = document.createElement('div');
    document.body.append(host);
    render(
      <PopupApp start={{ member: false, needsNetwork: false, regions: [], pendingCheck: '' }} />,
      host,
    );
    await settle();
    expect(host.querySelector('[data-testid="invite-code"]')).not.toBeNull();
    expect(host.querySelector('[data-testid="staff-panel"]')).toBeNull();
    expect(host.textContent).not.toMatch(/unlock/i);
    expect(host.querySelector('[data-testid="i-am-staff"]')!.textContent).toBe('I am scheme staff');
    render(null, host);
    host.remove();
  });
  it('keeps a typed invite code when "I am scheme staff" folds the form away, in memory only', async () => {
    const { PopupApp } = await import('../../../entrypoints/popup/popup-app.js');
    const host = document.createElement('div');
    document.body.append(host);
    render(
      <PopupApp start={{ member: false, needsNetwork: false, regions: [], pendingCheck: '' }} />,
      host,
    );
    await settle();
    const typed = createCode().text;
    const input = host.querySelector<HTMLInputElement>('[data-testid="invite-code"]')!;
    await act(() => {
      input.value = typed;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => host.querySelector<HTMLButtonElement>('[data-testid="i-am-staff"]')!.click());
    const folded = await vi.waitFor(() => {
      const found = host.querySelector<HTMLDetailsElement>('[data-testid="join-folded"]');
      if (!found) throw new Error('not folded yet');
      return found;
    });
    await act(() => {
      folded.open = true;
    });
    const shownAgain = folded.querySelector<HTMLInputElement>('[data-testid="invite-code"]')!;
    expect(shownAgain.value).toBe(typed);
    const stored = JSON.stringify([
      await fakeBrowser.storage.local.get(),
      await fakeBrowser.storage.session.get(),
    ]);
    expect(stored).not.toContain(typed);
    render(null, host);
    host.remove();
  });
});
