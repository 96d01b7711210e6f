// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Identifier } from '../../../shared/domain/codes.js';
import {
  findInLink,
  findInText,
  mayHoldPhone,
} from '../../../shared/page-scan/find-identifiers.js';
import { createPageScanner } from '../../../shared/page-scan/page-scanner.js';
import { identifyTexts, type IdentifyRequest } from '../../../shared/page-scan/identify-texts.js';
import { textBlocks } from '../../../shared/page-scan/text-blocks.js';

const FLAGGED = '+447700900123';
const labels = {
  title: 'Reported',
  where: 'Where',
  when: 'When',
  schemeWords: 'Words',
  close: 'x',
};
const words = {
  severity: 'Critical',
  severityCode: 'critical' as const,
  what: 'Robbery',
  where: 'Newcastle',
  when: '28 Nov 2026',
  age: '3 days ago',
  advice: ['Do not book this client.'],
  description: '<b>not markup</b>',
};

function scannerFor(asked: IdentifyRequest[] = []) {
  return createPageScanner({
    doc: document,
    settleMs: 5,
    // The service worker's side, run in-process: read, look up, answer matches only.
    identify: async (request) => {
      asked.push(request);
      return identifyTexts(
        request,
        (identifiers: Identifier[]) =>
          identifiers.map((identifier) =>
            identifier.value === FLAGGED || identifier.value === 'client@example.com'
              ? [words]
              : [],
          ),
        labels,
      );
    },
  });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('finding identifiers in text and links', () => {
  it.each([
    ['Call 07700 900123 tonight', [FLAGGED]],
    ['+44 (0)7700-900-123', [FLAGGED]],
    ['Order 2026-11-28 total £120.00', []],
    ['write to client@example.com', ['client@example.com']],
    ['no digits here at all', []],
  ])('%s', (text, expected) => {
    expect(findInText(text).map((f) => f.identifier.value)).toEqual(expected);
  });

  it.each([
    // Stored backwards behind a right-to-left override, shown as 07700 900123.
    ['Call \u202e321009 00770', 6, 18],
    // Its two groups swapped, shown in their right order after an Arabic letter.
    ['\u0631 900123 07700', 2, 14],
    // The same inside a right-to-left isolate.
    ['Call \u2067900123 07700\u2069 now', 6, 18],
  ])('reads %j as it shows, marking the characters shown', (text, start, end) => {
    const found = findInText(text).filter((f) => f.identifier.value === FLAGGED);
    expect(found).toEqual([{ start, end, identifier: { kind: 'phone', value: FLAGGED } }]);
  });

  it.each([
    ['tel:+447700900123', FLAGGED],
    ['tel:07700%20900123', FLAGGED],
    ['https://wa.me/447700900123', FLAGGED],
    ['https://api.whatsapp.com/send?phone=447700900123', FLAGGED],
    ['mailto:Client@Example.com?subject=hi', 'client@example.com'],
    ['https://www.instagram.com/Example.Client/', 'instagram:example.client'],
    ['https://example.org/about', null],
    ['javascript:alert(1)', null],
  ])('link %s', (href, expected) => {
    expect(findInLink(href)?.value ?? null).toBe(expected);
  });

  it('skips text with too few digits cheaply', () => {
    expect(mayHoldPhone('call me at six')).toBe(false);
    expect(mayHoldPhone('07700 900123')).toBe(true);
    expect(mayHoldPhone('٠٧٧٠٠ ٩٠٠١٢٣')).toBe(true);
    expect(mayHoldPhone('０７７００９００')).toBe(true);
  });
});

describe('text blocks', () => {
  it('joins inline runs, splits blocks, and never reads fields or editable areas', () => {
    document.body.innerHTML = `
      <p><span>07700</span> <b>900</b><i>123</i></p>
      <div>07700<p>first</p>900123</div>
      <textarea>07700 900123</textarea>
      <div contenteditable="true">07700 900123</div>
      <script>var n = '07700 900123'</script>`;
    const texts = [...textBlocks(document.body)].map((b) => b?.text.trim()).filter(Boolean);
    // Only lines that may hold an identifier are read, nothing from fields or scripts, and two
    // halves separated by a paragraph are never glued into one number (each is too short to
    // be one by itself, so neither is read).
    expect(texts).toEqual(['07700 900123']);
  });

  it('enters open shadow roots', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const shadow = document.querySelector('#host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>inside 07700 900123</p>';
    const seen: ShadowRoot[] = [];
    const texts = [...textBlocks(document.body, (s) => seen.push(s))].map((b) => b?.text);
    expect(texts).toContain('inside 07700 900123');
    expect(seen).toEqual([shadow]);
  });
});

describe('page scanner', () => {
  it('flags matches only, asks once per identifier, and leaves fields alone', async () => {
    document.body.innerHTML = `
      <p id="plain">Call 07700 900123</p>
      <p id="split"><span>07700</span> <span>900123</span></p>
      <p id="other">07700 900999</p>
      <a id="link" href="tel:+447700900123">call</a>
      <input id="field" value="07700 900123">`;
    const asked: IdentifyRequest[] = [];
    const scanner = scannerFor(asked);
    const stats = await scanner.start();

    const flagged = [...document.querySelectorAll('[data-umn-flag]')].map((e) => e.id);
    expect(flagged.sort()).toEqual(['link', 'plain', 'split']);
    expect(stats.flagged).toBe(3);
    expect(asked).toHaveLength(1);
    expect(stats.found).toBe(4);
    expect((document.querySelector('#field') as HTMLInputElement).value).toBe('07700 900123');
    // The page's text nodes are never split or wrapped.
    expect(document.querySelector('#plain')!.childNodes).toHaveLength(1);
    scanner.stop();
    expect(document.querySelectorAll('[data-umn-flag]')).toHaveLength(0);
  });

  it('flags content added later and drops marks of removed content', async () => {
    document.body.innerHTML = '<div id="chat"></div>';
    const scanner = scannerFor();
    await scanner.start();

    const message = document.createElement('div');
    message.id = 'late';
    message.textContent = 'new message from 07700 900123';
    document.querySelector('#chat')!.append(message);
    await scanner.settled();
    expect(document.querySelector('#late')!.hasAttribute('data-umn-flag')).toBe(true);
    expect(scanner.flaggedCount()).toBe(1);

    message.remove();
    await scanner.settled();
    expect(scanner.flaggedCount()).toBe(0);
    scanner.stop();
  });

  it('flags a new message on a page that never stops changing (a ticker)', async () => {
    document.body.innerHTML = '<p id="ticker">0</p><div id="chat"></div>';
    const scanner = createPageScanner({
      doc: document,
      settleMs: 40,
      maxSettleMs: 200,
      identify: async (request) =>
        identifyTexts(
          request,
          (identifiers: Identifier[]) =>
            identifiers.map((identifier) => (identifier.value === FLAGGED ? [words] : [])),
          labels,
        ),
    });
    await scanner.start();
    // Changes every 10 ms: shorter than the settle wait, so the wait alone would never end.
    let tick = 0;
    const ticker = setInterval(() => {
      document.querySelector('#ticker')!.textContent = String(++tick);
    }, 10);
    try {
      const message = document.createElement('p');
      message.id = 'late';
      message.textContent = 'new message from 07700 900123';
      document.querySelector('#chat')!.append(message);
      await vi.waitFor(
        () => expect(document.querySelector('#late')!.hasAttribute('data-umn-flag')).toBe(true),
        { timeout: 3000, interval: 20 },
      );
    } finally {
      clearInterval(ticker);
      scanner.stop();
    }
  });

  it('shows the alert on hover as text, never as markup', async () => {
    document.body.innerHTML = '<p id="plain">Call 07700 900123</p>';
    const scanner = scannerFor();
    await scanner.start();
    document.querySelector('#plain')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const host = document.querySelector('umn-alert-card');
    expect(host?.hasAttribute('data-open')).toBe(true);
    scanner.stop();
    expect(document.querySelector('umn-alert-card')).toBeNull();
  });
});
