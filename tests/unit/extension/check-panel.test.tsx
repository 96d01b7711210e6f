// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { createCheckIndex, freshIndex, stubOf } from '../../../shared/alert-index/check-index.js';
import type { AlertContent } from '../../../shared/domain/alert.js';
import { displayOrders, readIdentifier } from '../../../shared/identifiers/index.js';
import { loadLocale, translate, type Locale } from '../../../shared/i18n/index.js';
import { uiLocale } from '../../../entrypoints/popup/ui-locale.js';
import { CheckPanel } from '../../../entrypoints/popup/check-panel.js';
import { partialPhrases } from '../../../entrypoints/popup/short-input.js';
import { checker, quickChecker } from '../../../entrypoints/popup/use-alert-index.js';
import { openAlertStore } from '../../../shared/alert-store.js';
import {
  createIndexChecks,
  type CheckerSource,
} from '../../../entrypoints/popup/stored-checker.js';
import type { CheckIndex } from '../../../shared/alert-index/check-index.js';

const alert: AlertContent = {
  v: 1,
  kind: 'alert',
  id: 'a1',
  scheme: 'north-east',
  revision: 1,
  issuedAt: Date.now() - 86_400_000,
  expiresAt: Date.now() + 86_400_000,
  regions: ['north-east'],
  area: 'Newcastle',
  incidentDate: '2026-11-28',
  severity: 'high',
  incidentTypes: ['robbery'],
  setting: 'outcall',
  identifiers: [
    { kind: 'phone', value: '+447700900123' },
    { kind: 'plate', value: 'ZQ19XYZ' },
  ],
  advice: ['do-not-book'],
  description: '',
};

beforeAll(async () => {
  await loadLocale('en', ['codes', 'extension']);
  // The stored index of one alert, and a store that holds it.
  const { base, changes } = freshIndex([stubOf(alert)], 1);
  const index = createCheckIndex(base, changes);
  const source = {
    alertsByIds: async (ids: readonly string[]) => ({
      generation: 1,
      alerts: ids.includes(alert.id) ? [alert] : [],
    }),
    checkIndex: async () => index,
    rebuildCheckIndex: async () => index,
  };
  checker.value = checkerOver(index, source);
});

/** The popup's checker over `index`, as its index worker answers (on this thread here). */
function checkerOver(index: CheckIndex, source: CheckerSource) {
  return {
    read: readIdentifier,
    shown: displayOrders,
    check: createIndexChecks(index, source).check,
  };
}

/** The check box's answer once given (matches are read from the store first). */
async function answer(typed: string): Promise<string> {
  const host = document.createElement('div');
  render(<CheckPanel initial={typed} />, host);
  const result = host.querySelector('[data-testid="check-result"]')!;
  await vi.waitFor(() => expect(result.querySelector('[data-answer]')).not.toBeNull());
  const text = result.textContent!;
  render(null, host);
  return text;
}

describe('check box answers', () => {
  it.each([
    '900123',
    'zq19',
    'ZQ19',
    '07700 900123',
    // The last digits with their 0, a number cut short, one a digit short, the end of the plate.
    '0123',
    '07700 9001',
    '0770090012',
    '19XYZ',
    // Its start written without the 0, with the country code, and in international form.
    '7700 9001',
    '447700900',
    '+44 7700 9001',
    // Digits from its middle, bare or said so.
    '700 9001',
    'contains 7009001',
    // Pasted from a page that stores it backwards behind a right-to-left override: it shows,
    // and is checked, as 07700 900123.
    '\u202e321009 00770',
  ])('finds the alert for "%s"', async (typed) => {
    const text = await answer(typed);
    expect(text).toContain('1 alert matches');
    expect(text).not.toContain('No reports');
  });

  it('reads short input as the partial it stands for', () => {
    expect(partialPhrases('900123')).toEqual(['ends in 900123', 'contains 900123']);
    // A leading 0 may start a number or end one: both are checked.
    expect(partialPhrases('07700')).toEqual(['starts 07700', 'ends in 07700']);
    expect(partialPhrases('0123')).toEqual(['starts 0123', 'ends in 0123']);
    expect(partialPhrases('07700 9001')).toEqual(['starts 077009001']);
    // The start of a number without its 0, or with its country code.
    expect(partialPhrases('7700 9001')).toEqual([
      'starts 077009001',
      'ends in 77009001',
      'contains 77009001',
    ]);
    expect(partialPhrases('447700900')).toEqual([
      'starts +447700900',
      'ends in 447700900',
      'contains 447700900',
    ]);
    // Digits from the middle, six at least.
    expect(partialPhrases('7946 05')).toEqual(['ends in 794605', 'contains 794605']);
    expect(partialPhrases('79460')).toEqual(['ends in 79460']);
    expect(partialPhrases('+44 7700 9001')).toEqual(['starts +4477009001']);
    expect(partialPhrases('zq19')).toEqual(['starts ZQ19']);
    expect(partialPhrases('19xyz')).toEqual(['ends in 19XYZ']);
    expect(partialPhrases('07700 900123')).toEqual([]);
    expect(partialPhrases('bigdave_69')).toEqual([]);
  });

  it.each([
    ['en', '900123', 'ends in \u2066900123\u2069'],
    ['en', 'zq19', 'starts \u2066ZQ19\u2069'],
    ['es', '900123', 'termina en \u2066900123\u2069'],
    ['es', '+44 7700 9001', 'empieza por \u2066+44 7700 9001\u2069'],
    ['ar', '19xyz', 'ينتهي بـ \u206619XYZ\u2069'],
    ['zh-Hans', 'zq19', '开头为 \u2066ZQ19\u2069'],
  ])(
    'says what a partial was checked as in the worker\'s language (%s, "%s")',
    async (locale, typed, said) => {
      await loadLocale(locale as Locale, ['codes', 'extension']);
      uiLocale.value = locale as Locale;
      try {
        const text = await answer(typed);
        expect(text).toContain(said);
        // Only the words change: the partial still finds the alert.
        expect(text).toContain(translate(locale as Locale, 'ext.check.matches', { count: 1 }));
        if (locale !== 'en') expect(text).not.toMatch(/ends in|starts/);
      } finally {
        uiLocale.value = 'en';
      }
    },
  );

  it('gives several numbers and unreadable links their own message', async () => {
    expect(await answer('07700 900123 and 07700 900456')).toMatch(/one at a time/);
    expect(await answer('https://example.org/someone')).toMatch(/cannot be read from this link/);
  });

  it('still says no reports, plainly, for a full number not on the list', async () => {
    expect(await answer('07700 900999')).toContain('No reports found.');
  });

  it('shows loading, never "no reports", while the index is not read yet', () => {
    const loaded = checker.value;
    checker.value = null;
    const host = document.createElement('div');
    render(<CheckPanel initial="07700 900999" />, host);
    const text = host.querySelector('[data-testid="check-result"]')!.textContent!;
    render(null, host);
    checker.value = loaded;
    expect(text).toContain('Loading');
    expect(text).not.toContain('No reports');
  });

  it('answers no reports from a damaged index only after rebuilding it', async () => {
    const loaded = checker.value!;
    const { base, changes } = freshIndex([stubOf(alert)], 1);
    const good = createCheckIndex(base, changes);
    const damaged = { ...good, verified: () => false };
    let rebuilt = 0;
    const source = {
      alertsByIds: async () => ({ generation: 1, alerts: [alert] }),
      checkIndex: async () => damaged,
      rebuildCheckIndex: async () => (rebuilt++, good),
    };
    checker.value = checkerOver(damaged, source);
    const host = document.createElement('div');
    render(<CheckPanel initial="07700 900999" />, host);
    const result = host.querySelector('[data-testid="check-result"]')!;
    expect(result.textContent).toContain('Loading');
    await vi.waitFor(() => expect(result.querySelector('[data-answer]')).not.toBeNull());
    expect(result.textContent).toContain('No reports found.');
    expect(rebuilt).toBe(1);
    render(null, host);
    checker.value = loaded;
  });

  it('leaves out an alert retracted since the index was read', async () => {
    const loaded = checker.value!;
    const { base, changes } = freshIndex([stubOf(alert)], 1);
    const index = createCheckIndex(base, changes);
    const emptied = createCheckIndex(freshIndex([], 2).base, freshIndex([], 2).changes);
    checker.value = checkerOver(index, {
      alertsByIds: async () => ({ generation: 2, alerts: [] }),
      checkIndex: async () => emptied,
      rebuildCheckIndex: async () => emptied,
    });
    const text = await answer('07700 900123');
    checker.value = loaded;
    expect(text).toContain('No reports found.');
  });
});

describe('check box before the index is read (quick check)', () => {
  /** The alert above, and one holding only "ends in 900777" (a partial matches a full number). */
  const partialHolder: AlertContent = {
    ...alert,
    id: 'p1',
    identifiers: [{ kind: 'partial-phone', value: '*900777' }],
  };

  /** The panel with only the quick checker, as in the popup's first moments. */
  async function early<T>(run: () => Promise<T>): Promise<T> {
    const loaded = checker.value;
    checker.value = null;
    try {
      return await run();
    } finally {
      checker.value = loaded;
      quickChecker.value = null;
    }
  }

  /** What the panel shows once `settled` resolved and its answer rendered (or not). */
  async function shownAfter(typed: string, settled: Promise<unknown>) {
    const host = document.createElement('div');
    render(<CheckPanel initial={typed} />, host);
    await settled;
    await new Promise((done) => setTimeout(done, 0));
    const result = host.querySelector('[data-testid="check-result"]')!;
    const shown = { text: result.textContent!, answer: result.querySelector('[data-answer]') };
    render(null, host);
    return shown;
  }

  it('answers full identifiers from the alert store, matches and certain "no reports"', () =>
    early(async () => {
      const store = await openAlertStore('check-panel-quick');
      await store.apply([alert, partialHolder], 1);
      quickChecker.value = { read: readIdentifier, check: store.quickCheck };
      expect(await answer('07700 900123')).toContain('1 alert matches');
      expect(await answer('ZQ19 XYZ')).toContain('1 alert matches');
      expect(await answer('07700 900777')).toContain('1 alert matches');
      expect(await answer('07700 900999')).toContain('No reports found.');
      store.close();
    }));

  it('leaves partial input to the index: "Loading", never "no reports"', () =>
    early(async () => {
      let asked = 0;
      quickChecker.value = {
        read: readIdentifier,
        check: async () => (asked++, { alerts: [], complete: true }),
      };
      const shown = await shownAfter('900999', Promise.resolve());
      expect(shown.text).toContain('Loading');
      expect(shown.answer).toBeNull();
      expect(asked).toBe(0);
    }));

  it('says "Loading", never "no reports", when the quick check could not read every candidate', () =>
    early(async () => {
      const incomplete = Promise.resolve({ alerts: [], complete: false });
      quickChecker.value = { read: readIdentifier, check: () => incomplete };
      const shown = await shownAfter('07700 900999', incomplete);
      expect(shown.text).toContain('Loading');
      expect(shown.text).not.toContain('No reports');
      expect(shown.answer).toBeNull();
    }));

  it('keeps a quick match on screen until the index answers, then answers from it', () =>
    early(async () => {
      const found = Promise.resolve({ alerts: [alert], complete: true });
      quickChecker.value = { read: readIdentifier, check: () => found };
      const loaded = checker.value;
      const host = document.createElement('div');
      render(<CheckPanel initial="07700 900123" />, host);
      const result = host.querySelector('[data-testid="check-result"]')!;
      await vi.waitFor(() => expect(result.querySelector('[data-answer]')).not.toBeNull());
      expect(result.textContent).toContain('1 alert matches');
      // The index is read: the match stays (no "Loading" in between) and is confirmed by it.
      let read!: (alerts: AlertContent[]) => void;
      const fromIndex = new Promise<AlertContent[]>((done) => (read = done));
      checker.value = {
        ...loadedChecker(),
        check: async () => ({ alerts: await fromIndex, complete: true }),
      };
      await new Promise((done) => setTimeout(done, 0));
      expect(result.textContent).toContain('1 alert matches');
      read([]);
      await vi.waitFor(() => expect(result.textContent).toContain('No reports found.'));
      render(null, host);
      checker.value = loaded;
    }));
});

/** A checker over the one alert above. */
function loadedChecker() {
  const { base, changes } = freshIndex([stubOf(alert)], 1);
  const index = createCheckIndex(base, changes);
  return checkerOver(index, {
    alertsByIds: async () => ({ generation: 1, alerts: [alert] }),
    checkIndex: async () => index,
    rebuildCheckIndex: async () => index,
  });
}
