import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identifier } from '../../shared/domain/codes.js';
import type { CardAlert } from '../../shared/page-scan/alert-card.js';
import { identifyTexts, type IdentifyRequest } from '../../shared/page-scan/identify-texts.js';
import { recordFigures } from './support/reliability-mode.js';
import { CHROMIUM_ARGS } from '../support/browser.js';

/**
 * The page scanner (shared/page-scan, what the extension's content script runs) over hostile
 * pages in Chromium: deep nesting, a huge text node, a page that mutates as fast as it can, and
 * markup-looking text next to a flagged number with a hostile alert behind it. Nothing may
 * crash or throw, the page must keep its thread (long tasks are measured), the scanner must make
 * no request, and no text from the page or the alert may become markup.
 *
 * The scanner is bundled from source with esbuild and injected into the page. Reading and
 * looking up identifiers runs outside the page, as in the extension's service worker: here in
 * the test process (identify-texts.ts behind page.exposeFunction), with one fictional number
 * matching an alert whose every field is an injection attempt.
 */

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
const FLAGGED = '07700 900123';

const DIGITS = FLAGGED.replace(/\D/g, '').slice(1);
const HOSTILE_ALERT: CardAlert = {
  severity: HOSTILE,
  severityCode: 'high',
  what: HOSTILE,
  where: HOSTILE,
  when: HOSTILE,
  age: HOSTILE,
  advice: [HOSTILE, HOSTILE],
  description: HOSTILE,
};
const LABELS = {
  title: HOSTILE,
  where: HOSTILE,
  when: HOSTILE,
  schemeWords: HOSTILE,
  close: HOSTILE,
};
const lookup = (identifiers: Identifier[]) =>
  identifiers.map((identifier) => (identifier.value.endsWith(DIGITS) ? [HOSTILE_ALERT] : []));

let browser: Browser;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    stdin: {
      contents: "export { createPageScanner } from './shared/page-scan/page-scanner.ts';",
      resolveDir: resolve(import.meta.dirname, '..', '..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'UmnPageScan',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
});

afterAll(async () => {
  await browser?.close();
});

interface PageRun {
  page: Page;
  errors: string[];
  requests: string[];
}

/** Opens a blank page with `html`, injects the scanner and a long-task recorder. */
async function openHostile(html: string): Promise<PageRun> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('crash', () => errors.push('page crashed'));
  page.on('request', (request) => requests.push(request.url()));
  await page.setContent(html);
  await page.addScriptTag({ content: bundle });
  await page.exposeFunction('__umnIdentify', (request: IdentifyRequest) =>
    identifyTexts(request, lookup, LABELS),
  );
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    w.__longTasks = [] as number[];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) (w.__longTasks as number[]).push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    const scan = w.UmnPageScan as { createPageScanner(options: unknown): unknown };
    w.__scanner = scan.createPageScanner({
      doc: document,
      identify: (request: unknown) =>
        (w.__umnIdentify as (r: unknown) => Promise<unknown>)(request),
    });
  });
  return { page, errors, requests };
}

/** Starts the scanner in the page and returns its stats and how long the scan took. */
async function scanPage(page: Page) {
  return page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const scanner = w.__scanner as {
      start(): Promise<{ blocks: number; found: number; flagged: number }>;
      settled(): Promise<void>;
      flaggedCount(): number;
    };
    w.__longTasks = [];
    const started = performance.now();
    const stats = await scanner.start();
    await scanner.settled();
    return { ...stats, ms: performance.now() - started, marks: scanner.flaggedCount() };
  });
}

/** Nothing from the page or alert became markup anywhere, including closed shadow roots. */
async function expectInert(page: Page, allowedImages = 0, pierce = true) {
  if (!pierce) {
    // CDP cannot serialise a 5,000-deep tree; no card is open there, so the light DOM is all.
    const counts = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      pwned: (window as unknown as Record<string, unknown>).__pwned,
    }));
    expect(counts).toEqual({ images: allowedImages, scripts: 1, pwned: undefined });
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
    root: DomNode;
  };
  const names: string[] = [];
  const walk = (node: DomNode) => {
    names.push(node.nodeName);
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
  };
  walk(root);
  expect(names.filter((n) => n === 'IMG').length).toBe(allowedImages);
  // One script: the scanner injected by the test.
  expect(names.filter((n) => n === 'SCRIPT').length).toBe(1);
  expect(await page.evaluate(() => (window as unknown as Record<string, unknown>).__pwned)).toBe(
    undefined,
  );
  await cdp.detach();
}

interface DomNode {
  nodeName: string;
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

const longest = (page: Page) =>
  page.evaluate(() =>
    Math.max(0, ...((window as unknown as Record<string, number[]>).__longTasks ?? [])),
  );

describe('the page scanner on hostile pages (Chromium)', () => {
  // 5,000 nested inline elements. (Chromium's own layout crashes the tab near 1,000 levels of
  // alternating block and inline elements, with or without the scanner, so that is not used.)
  it('survives 5,000 levels of nesting and flags the number at the bottom', async () => {
    const { page, errors, requests } = await openHostile('<!doctype html><body></body>');
    await page.evaluate((flagged) => {
      let node: HTMLElement = document.body;
      for (let i = 0; i < 5000; i++) {
        const next = document.createElement(i % 2 ? 'span' : 'b');
        node.appendChild(next);
        node = next;
      }
      node.textContent = `Call ${flagged} tonight`;
    }, FLAGGED);
    const stats = await scanPage(page);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(stats.flagged).toBe(1);
    await expectInert(page, 0, false);
    recordFigures('hostile page: 5,000-deep nesting', {
      scanMs: Math.round(stats.ms),
      longestTaskMs: Math.round(await longest(page)),
    });
    await page.close();
  });

  it('stays responsive on a 4 MB text node with 2,000 numbers', async () => {
    const { page, errors, requests } = await openHostile(
      '<!doctype html><body><p id=t></p></body>',
    );
    await page.evaluate((flagged) => {
      const parts: string[] = [];
      for (let i = 0; i < 2000; i++) {
        const n = String(100 + (i % 900)).padStart(3, '0');
        parts.push(`${'lorem ipsum dolor sit amet '.repeat(74)} ring 07700 900${n} `);
      }
      parts.push(`and ${flagged}.`);
      document.getElementById('t')!.textContent = parts.join('');
    }, FLAGGED);
    const size = await page.evaluate(() => document.getElementById('t')!.textContent!.length);
    expect(size).toBeGreaterThan(4_000_000);

    // The page's own timer keeps ticking while the scan runs (it yields its thread).
    await page.evaluate(() => {
      const w = window as unknown as { __ticks: number };
      w.__ticks = 0;
      setInterval(() => w.__ticks++, 10);
    });
    const stats = await scanPage(page);
    const ticks = await page.evaluate(() => (window as unknown as { __ticks: number }).__ticks);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await expectInert(page);
    const longestTask = await longest(page);
    // The page's thread only walks the DOM and marks answers; reading happens outside it.
    expect(longestTask).toBeLessThan(1000);
    expect(ticks).toBeGreaterThan(0);
    recordFigures('hostile page: 4 MB text node', {
      chars: size,
      found: stats.found,
      scanMs: Math.round(stats.ms),
      longestTaskMs: Math.round(longestTask),
      pageTimerTicksDuringScan: ticks,
    });
    await page.close();
  });

  // KNOWN GAP (reported to the page-scan owner): identify-texts.ts skips any text past
  // MAX_REQUEST_TEXT (1,000,000 characters) per request, and a single text node is never cut,
  // so a number inside one text node over 1 MB is never flagged: a page can hide numbers by
  // padding. Fix in shared/page-scan: cut a huge block into overlapping windows. When fixed,
  // this test fails: turn `it.fails` into `it`.
  it.fails('flags a number inside one text node over 1 MB', async () => {
    const { page } = await openHostile('<!doctype html><body><p id=t></p></body>');
    await page.evaluate((flagged) => {
      document.getElementById('t')!.textContent = `${' '.repeat(1_100_000)} call ${flagged}`;
    }, FLAGGED);
    const stats = await scanPage(page);
    await page.close();
    expect(stats.flagged).toBe(1);
  });

  it('keeps up with a page mutating as fast as it can for 3 s', async () => {
    const { page, errors, requests } = await openHostile(
      '<!doctype html><body><ul id=chat></ul><p>Hi, call me on <b>07700</b> 900123</p></body>',
    );
    const stats = await scanPage(page);
    expect(stats.flagged).toBe(1);
    const mutations = await page.evaluate(async (hostile) => {
      const chat = document.getElementById('chat')!;
      let count = 0;
      const until = performance.now() + 3000;
      while (performance.now() < until) {
        for (let i = 0; i < 50; i++) {
          const item = document.createElement('li');
          item.textContent = `${hostile} msg ${count} from 07700 900${String(count % 1000).padStart(3, '0')}`;
          chat.appendChild(item);
          if (chat.childElementCount > 200) chat.firstElementChild!.remove();
          if (count % 7 === 0 && chat.lastChild?.firstChild) {
            (chat.lastChild.firstChild as Text).data += ' edited 07700 900123';
          }
          count++;
        }
        await new Promise((r) => setTimeout(r, 0));
      }
      // The final state: exactly one item holds the flagged number.
      chat.replaceChildren();
      const last = document.createElement('li');
      last.textContent = 'New message: 07700 900123';
      chat.appendChild(last);
      return count;
    }, HOSTILE);
    const settled = await page.evaluate(async () => {
      const scanner = (
        window as unknown as Record<string, { settled(): Promise<void>; flaggedCount(): number }>
      ).__scanner!;
      await scanner.settled();
      await scanner.settled();
      return scanner.flaggedCount();
    });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    // The static paragraph and the last chat message; every removed item's mark is gone.
    expect(settled).toBe(2);
    await expectInert(page);
    recordFigures('hostile page: rapid mutations', {
      mutations,
      marksAfterSettle: settled,
      longestTaskMs: Math.round(await longest(page)),
    });
    await page.close();
  });

  it('flags a number the page stores in another order than it shows', async () => {
    // Each line shows as 07700 900123: backwards behind a right-to-left override, groups
    // swapped after an Arabic letter, groups swapped in a right-to-left isolate.
    const { page, errors } = await openHostile(
      `<!doctype html><body>
        <p id=override>Call &#x202e;321009 00770</p>
        <p id=arabic>&#x631; 900123 07700</p>
        <p id=isolate>Call <span>&#x2067;900123 07700&#x2069;</span> now</p>
        <p id=plain>Call 07700 900999</p></body>`,
    );
    const shown = await page.evaluate(() =>
      ['override', 'arabic', 'isolate'].map((id) => {
        const range = document.createRange();
        range.selectNodeContents(document.getElementById(id)!);
        return range.getBoundingClientRect().width > 0;
      }),
    );
    expect(shown).toEqual([true, true, true]);
    const stats = await scanPage(page);
    expect(errors).toEqual([]);
    const flagged = await page.$$eval('[data-umn-flag]', (marks) =>
      marks.map((m) => m.closest('p')!.id),
    );
    expect(flagged.sort()).toEqual(['arabic', 'isolate', 'override']);
    expect(stats.flagged).toBe(3);
    await page.close();
  });

  it('shows a hostile alert next to markup-looking page text as text only', async () => {
    const { page, errors } = await openHostile(
      `<!doctype html><body><p id=p>&lt;img src=x onerror=alert(1)&gt; ring ${FLAGGED} &lt;/p&gt;</p></body>`,
    );
    const stats = await scanPage(page);
    expect(stats.flagged).toBe(1);
    const flag = page.locator('[data-umn-flag]').first();
    await flag.hover();
    await flag.click();
    await page.waitForTimeout(200);
    // The card exists (in its closed shadow root) and carries the hostile text as text.
    const cdp = await page.context().newCDPSession(page);
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
      root: DomNode & { nodeValue?: string };
    };
    const texts: string[] = [];
    const walk = (node: DomNode & { nodeValue?: string }) => {
      if (node.nodeName === '#text' && node.nodeValue) texts.push(node.nodeValue);
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    };
    walk(root);
    await cdp.detach();
    expect(texts.filter((t) => t.includes('onerror="window.__pwned=1"')).length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await expectInert(page);
    await page.close();
  });
});
