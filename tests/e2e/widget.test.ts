import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { openReport } from '../../shared/protocol/report-envelope.js';
import { createRelayClient } from '../../shared/relay-client.js';
import type { ReportContent } from '../../shared/domain/report.js';
import { openPage, startWidgetWorld, type WidgetWorld } from './widget-fixture.js';
import { SAMPLE, fillToReview, send, widget } from './widget-journey.js';

/**
 * The widget in Chromium against a real relay (issue 6 proofs): full reports in English and
 * Arabic, what staff decrypt, the request and cookie footprint, host CSS in neither direction,
 * a strict CSP, and replies read with the receipt code.
 */

let world: WidgetWorld;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  world = await startWidgetWorld();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await world?.close();
});

async function newContext(width = 1280, height = 800, locale = 'en-GB') {
  const context = await world.browser.newContext({ viewport: { width, height }, locale });
  contexts.push(context);
  return context;
}

/** Every report the relay holds, opened with the scheme's box key as staff would. */
async function staffReports(): Promise<ReportContent[]> {
  const client = createRelayClient(world.relay.url);
  const { reports } = await client.listReports(world.secrets, 0, 500);
  return reports.map((r) => openReport(r.envelope, world.secrets.box.secretKey)!);
}

describe('the widget in Chromium', () => {
  it('takes a full report in English; staff decrypt exactly what was typed', async () => {
    const before = (await staffReports()).length;
    const context = await newContext();
    const { page, requests, consoleErrors } = await openPage(context, world.pageUrl('plain'));

    await fillToReview(page, SAMPLE);
    const review = await widget(page).locator('.review-section').allTextContents();
    expect(review.join(' ')).toContain('07700 900123');
    expect(review.join(' ')).toContain('Robbery or theft');
    const code = await send(page);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    // Replies were asked for: the code leads, on screen at once, with no toggle to open.
    expect(await widget(page).getByTestId('receipt-code').isVisible()).toBe(true);
    expect(await widget(page).getByTestId('receipt-more').count()).toBe(0);
    await expect
      .poll(() => widget(page).locator('.status.ok').count(), { timeout: 10_000 })
      .toBe(1);

    const reports = await staffReports();
    expect(reports.length).toBe(before + 1);
    const report = reports.at(-1)!;
    expect(report.incidentTypes).toEqual(['robbery', 'threats']);
    expect(report.when).toEqual({ date: '2026-11-20', timeOfDay: 'night' });
    expect(report.where).toEqual({ area: 'Newcastle city centre', setting: 'outcall' });
    expect(report.who.phones).toEqual(['07700 900123', '020 7946 0123']);
    expect(report.who.emails).toEqual(['bad.client@example.com']);
    expect(report.who.vehicle.plate).toBe('AB12 CDE');
    expect(report.narrative).toBe(SAMPLE.narrative);
    expect(report.consent).toEqual({
      workerAlert: true,
      otherSchemes: false,
      policeIntelligence: false,
      policeIdentified: false,
      reply: true,
    });
    expect(report.replyKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(report.language).toBe('en');

    // Only the host site (the widget's own files) and the relay were contacted; no cookies.
    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([world.siteUrl, world.relay.url].sort());
    expect(await context.cookies()).toEqual([]);
    expect(consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('takes a full report in Arabic, right to left, with Arabic labels', async () => {
    const context = await newContext(390, 844, 'ar-EG');
    const { page } = await openPage(context, world.pageUrl('plain'));
    const root = widget(page).locator('.report-form');
    await expect.poll(() => root.getAttribute('dir')).toBe('rtl');
    expect(await root.getAttribute('lang')).toBe('ar');
    const heading = await widget(page).getByTestId('step-heading').textContent();
    expect(heading).not.toContain('Step');

    await fillToReview(page, { ...SAMPLE, narrative: 'أخذ المال مني عند الباب.' });
    await send(page);
    const report = (await staffReports()).at(-1)!;
    expect(report.language).toBe('ar');
    expect(report.narrative).toBe('أخذ المال مني عند الباب.');
  });

  it('switches language from the picker without losing what was typed', async () => {
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    const form = widget(page);
    await form.getByTestId('incident-spiking').check();
    await form.getByTestId('language').selectOption('pl');
    await expect.poll(() => form.locator('.report-form').getAttribute('lang')).toBe('pl');
    expect(await form.getByTestId('incident-spiking').isChecked()).toBe(true);
    expect(await form.getByTestId('next').textContent()).not.toBe('Next');
  });

  it('survives being moved in the page, and says plainly when misconfigured', async () => {
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    await page.evaluate(() => {
      const element = document.querySelector('ugly-mugs-report')!;
      document.body.prepend(element);
    });
    await widget(page).getByTestId('next').waitFor();

    await page.evaluate(() => {
      const broken = document.createElement('ugly-mugs-report');
      broken.id = 'broken';
      broken.setAttribute('scheme', 'north-east');
      broken.setAttribute('relay', 'http://relay.example.org'); // Not https, not loopback.
      broken.setAttribute('root-key', 'x');
      document.body.append(broken);
    });
    const text = await page.locator('#broken').locator('p').textContent();
    expect(text).toContain('not set up correctly');
    expect(await page.locator('#broken').getByTestId('next').count()).toBe(0);
  });

  it('keeps the host page CSS out, and its own styles in', async () => {
    const context = await newContext(390, 844);
    const { page } = await openPage(context, world.pageUrl('hostile'));
    const form = widget(page);
    for (const id of ['next', 'quick-exit', 'incident-robbery', 'language']) {
      expect(await form.getByTestId(id).isVisible(), id).toBe(true);
    }
    const label = form.locator('label[for="incidentTypes-robbery"]');
    const style = await label.evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, size: s.fontSize, style: s.fontStyle, spacing: s.letterSpacing };
    });
    expect(style).toEqual({
      color: 'rgb(27, 27, 31)',
      size: '16px',
      style: 'normal',
      spacing: 'normal',
    });
    await page.screenshot({ path: 'test-results/widget/hostile-css-phone.png', fullPage: true });

    // A full report still goes through on the hostile page.
    await fillToReview(page, SAMPLE);
    await send(page);

    // Ours do not leak out: the host's own <p class="status"> has none of our .status styling.
    const plain = await openPage(context, world.pageUrl('plain'));
    const probe = await plain.page.locator('#host-probe').evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, padding: s.paddingTop };
    });
    expect(probe).toEqual({ background: 'rgba(0, 0, 0, 0)', padding: '0px' });
  });

  it('works on a page whose CSP forbids inline scripts, inline styles and eval', async () => {
    const context = await newContext();
    const { page, consoleErrors } = await openPage(context, world.pageUrl('csp'));
    await fillToReview(page, SAMPLE);
    await send(page);
    const violations = await page.evaluate(
      () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
    );
    expect(violations).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
  });

  it('reads the scheme reply with the receipt code', async () => {
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    await fillToReview(page, SAMPLE);
    const code = await send(page);

    // Staff reply, sealed to the report's reply key and signed by the scheme.
    const { sealReply, receiptId } = await import('../../shared/protocol/receipt.js');
    const { fromBase64UrlExact } = await import('../../shared/encoding/bytes.js');
    const report = (await staffReports()).at(-1)!;
    const replyKey = fromBase64UrlExact(report.replyKey, 32)!;
    const text = 'Thank you. Another worker reported him last month; police have the plate.';
    const envelope = sealReply(
      { v: 1, scheme: 'north-east', sentAt: Date.now(), text },
      replyKey,
      world.secrets.signing.secretKey,
    );
    await createRelayClient(world.relay.url).postReply(
      world.secrets,
      receiptId(replyKey),
      envelope,
    );

    // Later: a fresh visit, "I have a receipt code".
    const later = await openPage(await newContext(390, 844), world.pageUrl('plain'));
    const form = widget(later.page);
    await form.getByTestId('have-receipt').click();
    await form.getByTestId('receipt-input').fill(code.toLowerCase().replace(/-/g, ' '));
    await form.getByTestId('read-replies').click();
    await expect.poll(() => form.getByTestId('replies').textContent()).toContain(text);
    await later.page.screenshot({ path: 'test-results/widget/replies-phone.png', fullPage: true });

    // A mistyped code is caught before anything is sent, with what to do.
    const wrong = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    await form.getByTestId('receipt-input').fill(wrong);
    await form.getByTestId('read-replies').click();
    await expect.poll(() => form.locator('#receipt-input-problem').textContent()).toMatch(/wrong/);
  });
});

describe('the receipt when the reporter chose no replies', () => {
  it('says the report arrived and keeps the code behind a small disclosure', async () => {
    const context = await newContext(390, 844);
    const { page } = await openPage(context, world.pageUrl('plain'));
    const form = widget(page);
    await fillToReview(page, { ...SAMPLE, consent: { ...SAMPLE.consent, reply: false } });
    const code = await send(page);
    await expect.poll(() => form.locator('.status.ok').count(), { timeout: 10_000 }).toBe(1);

    expect(await form.getByTestId('receipt-nothing-to-keep').textContent()).toBe(
      'You chose not to get replies, so there is nothing you need to keep or write down.',
    );
    expect(await form.getByTestId('receipt-code').isVisible()).toBe(false);
    expect(await form.getByRole('button', { name: 'Read replies' }).count()).toBe(0);
    expect((await staffReports()).at(-1)!.replyKey).toBe('');

    // The disclosure opens from the keyboard and shows the code, saying it is not needed.
    const summary = form.locator('[data-testid="receipt-more"] > summary');
    expect(await summary.textContent()).toBe('Show a receipt code (you do not need one)');
    await summary.focus();
    await page.keyboard.press('Enter');
    await form.getByTestId('receipt-code').waitFor();
    expect(await form.getByTestId('receipt-code').textContent()).toBe(code);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(await form.getByTestId('receipt-more').textContent()).toContain(
      'cannot change or add to your report',
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByTestId('receipt-code').isVisible()).toBe(false);
  });
});

describe('the story field at its 20,000 character limit', () => {
  it('says the end was cut however the text arrived, and stays quiet while typing', async () => {
    const context = await newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: world.siteUrl,
    });
    const { page } = await openPage(context, world.pageUrl('plain'));
    const form = widget(page);
    const area = form.getByTestId('narrative');
    const alert = form.getByTestId('narrative-alert');
    const length = async () => (await area.inputValue()).length;
    /** Starts over from `count` characters with the caret at the end; the notice has gone. */
    const startFrom = async (count: number) => {
      await area.fill('a'.repeat(count));
      await area.press('ControlOrMeta+End');
      await expect.poll(() => alert.isVisible()).toBe(false);
    };
    const inArea = (script: (area: HTMLTextAreaElement, text: string) => void, text: string) =>
      page.evaluate(
        ([source, value]) => {
          const root = document.querySelector('ugly-mugs-report')!.shadowRoot!;
          const field = root.querySelector<HTMLTextAreaElement>('#narrative')!;
          new Function('area', 'text', `(${source})(area, text)`)(field, value);
        },
        [script.toString(), text] as const,
      );
    const results: Record<string, { shown: boolean; length: number }> = {};
    const record = async (name: string) => {
      await expect.poll(() => alert.isVisible(), { message: name }).toBe(true);
      expect(await alert.textContent()).toContain('longer than 20,000 characters');
      results[name] = { shown: true, length: await length() };
    };

    await fillToReview(page, { ...SAMPLE, narrative: '' }, async (step) => {
      if (step !== 'story') return;

      // Typing up to the limit and on past it: the count says 0 left, no alert.
      await startFrom(19_995);
      await page.keyboard.type('typing on');
      expect(await length()).toBe(20_000);
      expect(await form.locator('#narrative-note').textContent()).toBe('0 characters left');
      expect(await alert.isVisible()).toBe(false);

      // A fill (what autofill and many tools do): no paste event at all.
      await startFrom(0);
      await area.fill('f'.repeat(20_050));
      await record('fill');

      // A real paste from the clipboard.
      await startFrom(19_990);
      await page.evaluate(() => navigator.clipboard.writeText('p'.repeat(50)));
      await page.keyboard.press('ControlOrMeta+V');
      await record('paste');

      // A drag and drop of text from elsewhere.
      await startFrom(19_990);
      const cdp = await context.newCDPSession(page);
      const box = (await area.boundingBox())!;
      const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      const data = {
        items: [{ mimeType: 'text/plain', data: 'd'.repeat(50) }],
        dragOperationsMask: 1,
      };
      for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
        await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
      }
      await record('drop');

      // A script: execCommand, and a value set straight past maxLength.
      await startFrom(19_990);
      await inArea((field, text) => {
        field.focus();
        field.setSelectionRange(field.value.length, field.value.length);
        document.execCommand('insertText', false, text);
      }, 'e'.repeat(50));
      await record('execCommand');
      await startFrom(0);
      await inArea((field, text) => {
        field.value = text;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }, 's'.repeat(20_050));
      await record('script');

      // Shorter again: the notice goes.
      await area.press('Backspace');
      await expect.poll(() => alert.isVisible()).toBe(false);
    });

    expect(results).toEqual(
      Object.fromEntries(
        ['fill', 'paste', 'drop', 'execCommand', 'script'].map((name) => [
          name,
          { shown: true, length: 20_000 },
        ]),
      ),
    );
    // What was kept is what staff would get: the review shows it, and Send is allowed.
    expect(await form.getByTestId('submit').isVisible()).toBe(true);
  });
});
