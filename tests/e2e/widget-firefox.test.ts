import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIREFOX, launchFirefox } from '../support/firefox.js';
import type { ReportContent } from '../../shared/domain/report.js';
import { openReport } from '../../shared/protocol/report-envelope.js';
import { createRelayClient } from '../../shared/relay-client.js';
import { startWidgetHost, type WidgetHost } from './widget-fixture.js';
import { SAMPLE } from './widget-journey.js';

/**
 * The widget in Firefox ESR (from apt, driven by puppeteer-core over WebDriver BiDi), as a
 * reporter on Firefox meets it: a whole report by keyboard and mouse to the receipt, the story
 * field's "end was cut" notice (it relies on beforeinput, whose text Gecko gives differently),
 * and quick exit on Escape pressed twice. Skipped when Firefox ESR is absent.
 */

const LIMIT = 20_000;
const ALERT = '[data-testid="narrative-alert"]';

let host: WidgetHost;
let firefox: Browser;
const contexts: BrowserContext[] = [];

/** A selector for a widget hook, through its open shadow root. */
const hook = (testId: string) => `ugly-mugs-report >>> [data-testid="${testId}"]`;

/** The text of the form's element at `selector` (null when absent or hidden). */
function textIn(page: Page, selector: string): Promise<string | null> {
  return page.evaluate((inForm) => {
    const root = document.querySelector('ugly-mugs-report')?.shadowRoot;
    const element = root?.querySelector<HTMLElement>(inForm);
    return element && !element.hidden ? (element.textContent ?? '') : null;
  }, selector);
}

/** Waits until the text of the form's element at `selector` is `wanted` (null: absent, hidden). */
async function waitForText(page: Page, selector: string, wanted: string | null | RegExp) {
  await page.waitForFunction(
    (inForm, source, flags) => {
      const root = document.querySelector('ugly-mugs-report')?.shadowRoot;
      const element = root?.querySelector<HTMLElement>(inForm);
      const text = element && !element.hidden ? (element.textContent ?? '') : null;
      if (flags === null) return text === source;
      return text !== null && new RegExp(source!, flags).test(text);
    },
    {},
    selector,
    wanted instanceof RegExp ? wanted.source : wanted,
    wanted instanceof RegExp ? wanted.flags : null,
  );
}

/** A fresh profile-like context (its own IndexedDB) with the host page open. */
async function openForm(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await firefox.createBrowserContext();
  contexts.push(context);
  const page = await openIn(context);
  return { context, page };
}

/** Opens the host page in `context` and waits for the form. */
async function openIn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.setViewport({ width: 1280, height: 800 });
  await page.goto(host.pageUrl('plain'));
  await page.waitForSelector(hook('next'), { visible: true });
  return page;
}

/** Clicks a hook with the mouse. */
async function click(page: Page, testId: string) {
  await page.locator(hook(testId)).click();
}

/** Clicks into a field and types into it, key by key. */
async function type(page: Page, testId: string, text: string) {
  await click(page, testId);
  await page.keyboard.type(text);
}

/** Moves on with a click on Next (or Enter in the focused field) and waits for the next step. */
async function next(page: Page, how: 'click' | 'enter' = 'click') {
  const heading = await textIn(page, '#step-heading');
  if (how === 'click') await click(page, 'next');
  else await page.keyboard.press('Enter');
  await page.waitForFunction(
    (before) => {
      const root = document.querySelector('ugly-mugs-report')?.shadowRoot;
      const now = root?.querySelector('[data-testid="step-heading"]')?.textContent;
      return !!now && now !== before;
    },
    {},
    heading,
  );
}

/** Every report the relay holds, as stored (sealed envelopes). */
async function storedEnvelopes() {
  const client = createRelayClient(host.relay.url);
  return (await client.listReports(host.secrets, 0, 500)).reports.map((r) => r.envelope);
}

beforeAll(async () => {
  if (!existsSync(FIREFOX)) return;
  host = await startWidgetHost();
  firefox = await launchFirefox();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await firefox?.close();
  await host?.close();
});

describe.skipIf(!existsSync(FIREFOX))('the widget in Firefox ESR', () => {
  it('takes a whole report by keyboard and mouse; the relay holds one sealed envelope', async () => {
    const { page } = await openForm();
    const requests: string[] = [];
    page.on('request', (request) => void requests.push(request.url()));
    const narrative = 'He took the money back at the door and threatened me.';

    // What happened: two boxes ticked with the mouse, the step sent with Enter.
    await click(page, 'incident-robbery');
    await click(page, 'incident-threats');
    await next(page, 'enter');

    // When: the date typed into Firefox's own date field, a time of day picked.
    await click(page, 'date');
    await page.keyboard.type(await dateKeys(page, '2026-11-20'));
    await page.waitForFunction(() => {
      const root = document.querySelector('ugly-mugs-report')!.shadowRoot!;
      return root.querySelector<HTMLInputElement>('#date')?.value === '2026-11-20';
    });
    await click(page, 'time-night');
    await next(page);

    await type(page, 'area', 'Newcastle city centre');
    await click(page, 'setting-outcall');
    await click(page, 'area');
    await next(page, 'enter');

    await type(page, 'phone-0', '07700 900123');
    await click(page, 'add-phone');
    await type(page, 'phone-1', '020 7946 0123');
    await type(page, 'email-0', 'bad.client@example.com');
    await type(page, 'vehicle-plate', 'AB12 CDE');
    // The number is read (a lazy chunk) and described under the field before moving on.
    await page.waitForFunction(() => {
      const root = document.querySelector('ugly-mugs-report')!.shadowRoot!;
      return /\S/.test(root.querySelector('#phone-0-note')?.textContent ?? '');
    });
    await next(page);

    await type(page, 'narrative', narrative);
    await next(page);

    for (const [name, yes] of Object.entries(SAMPLE.consent!)) {
      await click(page, `consent-${name}-${yes ? 'yes' : 'no'}`);
    }
    await next(page);

    // Review: what was typed is shown back; Send.
    const review = await page.evaluate(() => {
      const root = document.querySelector('ugly-mugs-report')!.shadowRoot!;
      return [...root.querySelectorAll('.review-section')].map((s) => s.textContent).join(' ');
    });
    expect(review).toContain('07700 900123');
    expect(review).toContain('Robbery or theft');
    await click(page, 'submit');
    await page.waitForSelector(hook('receipt'), { visible: true, timeout: 20_000 });
    const code = (await textIn(page, '[data-testid="receipt-code"]'))?.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);

    // The relay holds exactly this one report, sealed: none of what was typed is readable in it.
    const envelopes = await storedEnvelopes();
    expect(envelopes).toHaveLength(1);
    const stored = JSON.stringify(envelopes[0]);
    for (const plain of [
      narrative,
      '900123',
      '7946',
      'example.com',
      'AB12',
      'Newcastle',
      'robbery',
    ]) {
      expect(stored).not.toContain(plain);
    }
    // Only the scheme's staff key opens it, to exactly what was entered in Firefox.
    const report: ReportContent = openReport(envelopes[0]!, host.secrets.box.secretKey)!;
    expect(report).not.toBeNull();
    expect(report.incidentTypes).toEqual(['robbery', 'threats']);
    expect(report.when).toEqual({ date: '2026-11-20', timeOfDay: 'night' });
    expect(report.where).toEqual({ area: 'Newcastle city centre', setting: 'outcall' });
    expect(report.who.phones).toEqual(['07700 900123', '020 7946 0123']);
    expect(report.who.emails).toEqual(['bad.client@example.com']);
    expect(report.who.vehicle.plate).toBe('AB12 CDE');
    expect(report.narrative).toBe(narrative);
    expect(report.consent).toEqual(SAMPLE.consent);

    // The page asked only the host site (the widget's own files) and the relay for anything.
    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([host.siteUrl, host.relay.url].sort());
  });

  it('says the end of the story was cut when a long text is pasted or inserted, not when typed', async () => {
    const { page } = await openForm();
    await click(page, 'incident-threats');
    for (let step = 0; step < 4; step++) await next(page);
    await page.waitForSelector(hook('narrative'), { visible: true });

    const length = () =>
      page.$eval(hook('narrative'), (area) => (area as HTMLTextAreaElement).value.length);
    /** Puts `count` characters in the field by script, then the caret at its end by keyboard. */
    const startFrom = async (count: number) => {
      await setByScript(page, 'a'.repeat(count));
      await click(page, 'narrative');
      await chord(page, 'End');
      await waitForText(page, ALERT, null);
      expect(await length()).toBe(count);
    };
    /** A full field, its last character typed: no notice. */
    const startFull = async () => {
      await startFrom(LIMIT - 1);
      await page.keyboard.type('a');
      await waitForText(page, '#narrative-note', '0 characters left');
      expect(await textIn(page, ALERT)).toBeNull();
    };
    /** Selects the last `count` characters with Shift and the arrow key. */
    const selectBack = async (count: number) => {
      await page.keyboard.down('Shift');
      for (let i = 0; i < count; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.up('Shift');
    };
    const paste = async (text: string) => {
      await copyFromNote(page, text);
      await click(page, 'narrative');
      await chord(page, 'End');
    };
    const insertByScript = (text: string) =>
      page.$eval(
        hook('narrative'),
        (area, inserted) => {
          (area as HTMLTextAreaElement).focus();
          document.execCommand('insertText', false, inserted);
        },
        text,
      );
    const seen: Record<string, { cut: boolean; length: number }> = {};
    /** Waits for the render of the change (the count) and notes whether the notice shows. */
    const record = async (name: string, cut: boolean) => {
      if (cut) await waitForText(page, ALERT, /longer than 20,000 characters/);
      else await waitForText(page, '#narrative-note', '0 characters left');
      seen[name] = { cut: (await textIn(page, ALERT)) !== null, length: await length() };
    };

    // Typing up to the limit and on past it: the count says 0 left, and no notice.
    await startFrom(LIMIT - 5);
    await page.keyboard.type('typing on');
    await record('typing past the limit', false);
    // Deleting and typing again at the limit stays quiet too.
    await page.keyboard.press('Backspace');
    await page.keyboard.type('xy');
    await record('typing again at the limit', false);

    // A paste from the clipboard, copied with the keyboard from a note on the same page.
    await startFrom(LIMIT - 10);
    await paste('p'.repeat(50));
    await chord(page, 'v');
    await record('paste', true);
    await startFrom(0);
    await paste('q'.repeat(LIMIT + 50));
    await chord(page, 'v');
    await record('paste into an empty field', true);
    await startFull();
    await paste('r'.repeat(50));
    await selectBack(10);
    await chord(page, 'v');
    await record('paste over a selection in a full field', true);
    await startFrom(LIMIT - 10);
    await paste('f'.repeat(10));
    await chord(page, 'v');
    await record('paste that just fits', false);

    // A script's insertion (execCommand, as editing tools do). It fires no beforeinput in either
    // browser, so the field goes by its jump to exactly the limit (fields.tsx, overflowed).
    await startFrom(LIMIT - 10);
    await insertByScript('e'.repeat(50));
    await record('execCommand', true);

    // A value set by script past maxLength, which the browser does not cut.
    await startFrom(0);
    await setByScript(page, 's'.repeat(LIMIT + 50));
    await record('script', true);

    // Shorter again: the notice goes.
    await click(page, 'narrative');
    await chord(page, 'End');
    await page.keyboard.press('Backspace');
    await waitForText(page, ALERT, null);

    const cut = (yes: boolean) => ({ cut: yes, length: LIMIT });
    expect(seen).toEqual({
      'typing past the limit': cut(false),
      'typing again at the limit': cut(false),
      paste: cut(true),
      'paste into an empty field': cut(true),
      'paste over a selection in a full field': cut(true),
      'paste that just fits': cut(false),
      execCommand: cut(true),
      script: cut(true),
    });
  });

  it('leaves for the neutral page on Escape pressed twice, and forgets the draft', async () => {
    const { context, page } = await openForm();
    await click(page, 'incident-threats');
    await page.waitForFunction(storedDrafts, {}, 1);

    // One Escape is not an exit: the form stays, and still takes the next click.
    await page.keyboard.press('Escape');
    await click(page, 'incident-filming');
    expect(page.url()).toBe(host.pageUrl('plain'));
    expect(
      await page.$eval(hook('incident-filming'), (box) => (box as HTMLInputElement).checked),
    ).toBe(true);

    const left = page.waitForNavigation();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await left;
    expect(new URL(page.url()).pathname).toBe('/neutral.html');
    expect(await page.title()).toBe('Weather');
    // The draft and its key are gone from this origin's storage.
    expect(await page.evaluate(storedDrafts, 0)).toBe(true);

    const again = await openIn(context);
    expect(await again.$(hook('start-again'))).toBeNull();
    expect(
      await again.$eval(hook('incident-threats'), (box) => (box as HTMLInputElement).checked),
    ).toBe(false);
  });

  it('keeps the draft through a quick exit when the reporter asked to', async () => {
    const { context, page } = await openForm();
    await click(page, 'forget-on-exit');
    await click(page, 'incident-filming');
    await page.waitForFunction(storedDrafts, {}, 1);

    const left = page.waitForNavigation();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await left;
    expect(new URL(page.url()).pathname).toBe('/neutral.html');

    // Back on the form: the draft, decrypted with the key Firefox kept in IndexedDB.
    const again = await openIn(context);
    await again.waitForSelector(hook('start-again'), { visible: true });
    expect(
      await again.$eval(hook('incident-filming'), (box) => (box as HTMLInputElement).checked),
    ).toBe(true);
  });
});

/**
 * The keys that type an ISO date into Firefox's date field, whose segments follow the
 * browser's locale (month first in en-US): read the order from Intl in the page.
 */
async function dateKeys(page: Page, iso: string): Promise<string> {
  const order = await page.evaluate(() =>
    new Intl.DateTimeFormat(navigator.language)
      .formatToParts(new Date(2026, 10, 20))
      .filter((part) => ['day', 'month', 'year'].includes(part.type))
      .map((part) => part.type),
  );
  const [year, month, day] = iso.split('-') as [string, string, string];
  const parts: Record<string, string> = { year, month, day };
  return order.map((type) => parts[type]).join('');
}

/** Sets the story field's value by script, as autofill does, with the input event it sends. */
async function setByScript(page: Page, text: string) {
  await page.$eval(
    hook('narrative'),
    (area, value) => {
      const field = area as HTMLTextAreaElement;
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    },
    text,
  );
}

/** Presses Control with `key` (Linux shortcuts: End, a, c, v). */
async function chord(page: Page, key: string) {
  await page.keyboard.down('Control');
  await page.keyboard.press(key as never);
  await page.keyboard.up('Control');
}

/** Puts `text` in a note on the host page and copies all of it with Control+A, Control+C. */
async function copyFromNote(page: Page, text: string) {
  await page.evaluate((value) => {
    let note = document.querySelector<HTMLTextAreaElement>('#note');
    if (!note) {
      note = document.createElement('textarea');
      note.id = 'note';
      document.body.prepend(note);
    }
    note.value = value;
  }, text);
  await page.locator('#note').click();
  await chord(page, 'a');
  await chord(page, 'c');
}

/**
 * Whether the widget's draft store (IndexedDB "umn-drafts", shared/draft-store.ts) holds
 * `count` drafts; run in the page.
 */
function storedDrafts(count: number): Promise<boolean> {
  return new Promise((done) => {
    const opening = indexedDB.open('umn-drafts');
    // Never create the database here: the widget's own upgrade would then not run.
    let absent = false;
    opening.onupgradeneeded = () => {
      absent = true;
      opening.transaction!.abort();
    };
    opening.onerror = () => done(absent && count === 0);
    opening.onsuccess = () => {
      const database = opening.result;
      const counting = database.transaction('drafts').objectStore('drafts').count();
      counting.onsuccess = () => {
        database.close();
        done(counting.result === count);
      };
      counting.onerror = () => {
        database.close();
        done(false);
      };
    };
  });
}
