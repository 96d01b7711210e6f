import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage, startWidgetWorld, type WidgetWorld } from './widget-fixture.js';
import { SAMPLE, fillToReview, send, widget } from './widget-journey.js';

/**
 * WCAG 2.2 AA checks with axe-core in Chromium on every step of the widget (and on its error,
 * receipt and replies views), at phone (390x844) and desktop (1280x800) widths, in English and
 * in Arabic (right to left). Screenshots of each go to test-results/widget/ for a person to look
 * at: axe cannot judge whether a layout makes sense.
 */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = 'test-results/widget';
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

let world: WidgetWorld;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startWidgetWorld();
});

afterAll(async () => {
  await world?.close();
});

interface AxeResult {
  violations: { id: string; impact: string; nodes: { target: unknown }[] }[];
}

async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run(),
  );
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
}

for (const viewport of VIEWPORTS) {
  for (const lang of ['en', 'ar'] as const) {
    describe(`${lang} at ${viewport.name} width`, () => {
      it('has no axe violations on any step, error, receipt or replies view', async () => {
        const context = await world.browser.newContext({
          viewport: { width: viewport.width, height: viewport.height },
          locale: lang === 'ar' ? 'ar' : 'en-GB',
        });
        const { page } = await openPage(context, world.pageUrl('plain', { lang }));
        const found: Record<string, string[]> = {};
        const check = async (step: string) => {
          if (step === 'consent') {
            // "Yes" to an identified police report asks how to reach the reporter.
            await widget(page).getByTestId('reporterContact').fill('safe.contact@example.org');
          }
          // Let the step's heading take focus and any reading note settle first.
          await page.waitForTimeout(150);
          found[step] = await axe(page);
          // From the top: the sticky quick-exit bar would otherwise sit mid-image.
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({
            path: `${SHOTS}/${viewport.name}-${lang}-${step}.png`,
            fullPage: true,
          });
        };

        // A step's problem state: Next without choosing what happened.
        await widget(page).getByTestId('next').click();
        await widget(page).locator('.problem-summary li').waitFor();
        await check('what-error');

        await fillToReview(
          page,
          { ...SAMPLE, consent: { ...SAMPLE.consent, policeIdentified: true } },
          check,
        );
        await send(page);
        await check('receipt');

        await widget(page)
          .getByRole('button', { name: /repl|رد/i })
          .first()
          .click();
        await widget(page).getByTestId('receipt-input').waitFor();
        await check('replies');

        await context.close();
        expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
      });
    });
  }
}

describe('the receipt when the reporter chose no replies', () => {
  it('has no axe violations with its code disclosure closed or open', async () => {
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page } = await openPage(context, world.pageUrl('plain'));
    await fillToReview(page, { ...SAMPLE, consent: { ...SAMPLE.consent, reply: false } });
    await send(page);
    const closed = await axe(page);
    await widget(page).locator('[data-testid="receipt-more"] > summary').click();
    await widget(page).getByTestId('receipt-code').waitFor();
    const open = await axe(page);
    await page.screenshot({ path: `${SHOTS}/phone-en-receipt-no-replies.png`, fullPage: true });
    await context.close();
    expect({ closed, open }).toEqual({ closed: [], open: [] });
  });
});

describe('the accessibility check itself', () => {
  it('sees inside the shadow root: an unlabelled field there is a violation', async () => {
    const context = await world.browser.newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    await page.evaluate(() => {
      const root = document.querySelector('ugly-mugs-report')!.shadowRoot!;
      root.querySelector('label[for="language"]')!.remove();
    });
    const violations = await axe(page);
    await context.close();
    expect(violations.some((v) => v.startsWith('select-name') || v.startsWith('label'))).toBe(true);
  });
});
