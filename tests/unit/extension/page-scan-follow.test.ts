// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Identifier } from '../../../shared/domain/codes.js';
import type { CardAlert } from '../../../shared/page-scan/alert-card.js';
import {
  identifyTexts,
  type IdentifyAnswer,
  type IdentifyRequest,
} from '../../../shared/page-scan/identify-texts.js';
import { createPageScanner } from '../../../shared/page-scan/page-scanner.js';

/**
 * The scanner's side of marks following the alerts and the worker's choices (the service
 * worker's orders, background/open-pages.ts): a rescan replaces every mark with the alerts as
 * they are now, and a stop leaves nothing behind, not even from an answer still on its way.
 * Fictional numbers only (Ofcom drama range).
 */

const FIRST = '+447700900123';
const SECOND = '+447700900456';
const labels = {
  title: 'Reported',
  where: 'Where',
  when: 'When',
  schemeWords: 'Words',
  close: 'x',
};

function cardAlert(where: string): CardAlert {
  return {
    severity: 'Critical',
    severityCode: 'critical',
    what: 'Robbery',
    where,
    when: '28 Nov 2026',
    age: '3 days ago',
    advice: ['Do not book this client.'],
    description: 'Took the money back by force.',
  };
}

/** A scanner answered in-process from `held` (number → alert), which a test changes. */
function scannerOver(held: Map<string, CardAlert>) {
  const asked: IdentifyRequest[] = [];
  let failNext = false;
  const scanner = createPageScanner({
    doc: document,
    settleMs: 5,
    sliceMs: 10_000,
    identify: async (request) => {
      asked.push(request);
      if (failNext) {
        failNext = false;
        throw new Error('worker gone');
      }
      const lookup = (identifiers: Identifier[]) =>
        identifiers.map((identifier) => {
          const found = held.get(identifier.value);
          return found ? [found] : [];
        });
      return identifyTexts(request, lookup, labels);
    },
  });
  return { scanner, asked, failOnce: () => (failNext = true) };
}

const flaggedIds = () =>
  [...document.querySelectorAll('[data-umn-flag]')].map((element) => element.id).sort();
const openCards = () => document.querySelectorAll('umn-alert-card[data-open]').length;
const click = (selector: string) =>
  document.querySelector(selector)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));

const PAGE = '<p id="first">Call 07700 900123</p><p id="second">or 07700 900456</p>';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('page scanner following the alerts', () => {
  it('drops a retracted alert’s mark and card, and flags a new alert, on rescan', async () => {
    document.body.innerHTML = PAGE;
    const held = new Map([[FIRST, cardAlert('Newcastle')]]);
    const { scanner } = scannerOver(held);
    await scanner.start();
    expect(flaggedIds()).toEqual(['first']);
    click('#first');
    expect(openCards()).toBe(1);

    held.delete(FIRST);
    held.set(SECOND, cardAlert('Sunderland'));
    await scanner.rescan();

    expect(flaggedIds()).toEqual(['second']);
    expect(scanner.flaggedCount()).toBe(1);
    expect(openCards()).toBe(0);
    click('#first');
    expect(openCards()).toBe(0);
    click('#second');
    expect(openCards()).toBe(1);
    scanner.stop();
  });

  it('keeps an open card open when its number is still flagged after a correction', async () => {
    document.body.innerHTML = PAGE;
    const held = new Map([[FIRST, cardAlert('Newcastle')]]);
    const { scanner } = scannerOver(held);
    await scanner.start();
    click('#first');

    held.set(FIRST, cardAlert('Gateshead'));
    await scanner.rescan();

    expect(openCards()).toBe(1);
    expect(flaggedIds()).toEqual(['first']);
    scanner.stop();
  });

  it('runs rescans asked together once', async () => {
    document.body.innerHTML = PAGE;
    const { scanner, asked } = scannerOver(new Map([[FIRST, cardAlert('Newcastle')]]));
    await scanner.start();
    const perScan = asked.length;

    await Promise.all([scanner.rescan(), scanner.rescan(), scanner.rescan()]);

    expect(perScan).toBeGreaterThan(0);
    expect(asked).toHaveLength(perScan * 2);
    scanner.stop();
  });

  it('keeps the marks it has when a rescan’s answer fails', async () => {
    document.body.innerHTML = PAGE;
    const { scanner, failOnce } = scannerOver(new Map([[FIRST, cardAlert('Newcastle')]]));
    await scanner.start();

    failOnce();
    await scanner.rescan();

    expect(flaggedIds()).toEqual(['first']);
    scanner.stop();
  });
});

describe('page scanner stopping', () => {
  it('removes every mark and the card, and an answer still on its way marks nothing', async () => {
    document.body.innerHTML = PAGE;
    let answer: (value: IdentifyAnswer) => void = () => {};
    const scanner = createPageScanner({
      doc: document,
      identify: () => new Promise((resolve) => (answer = resolve)),
    });
    const started = scanner.start();

    scanner.stop();
    answer({
      matches: [{ text: 0, start: 5, end: 17, key: `phone:${FIRST}` }],
      linkMatches: [],
      alerts: { [`phone:${FIRST}`]: [cardAlert('Newcastle')] },
      labels,
      found: 1,
    });
    await started;

    expect(flaggedIds()).toEqual([]);
    expect(scanner.flaggedCount()).toBe(0);
    expect(document.querySelector('umn-alert-card')).toBeNull();
  });

  it('does not scan again after it stopped', async () => {
    document.body.innerHTML = PAGE;
    const { scanner, asked } = scannerOver(new Map([[FIRST, cardAlert('Newcastle')]]));
    await scanner.start();
    click('#first');
    const before = asked.length;

    scanner.stop();
    await scanner.rescan();
    document.body.insertAdjacentHTML('beforeend', '<p id="late">07700 900123</p>');
    await scanner.settled();

    expect(asked).toHaveLength(before);
    expect(flaggedIds()).toEqual([]);
    expect(document.querySelector('umn-alert-card')).toBeNull();
  });
});
