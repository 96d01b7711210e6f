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
