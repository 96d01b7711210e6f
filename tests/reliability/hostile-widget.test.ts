import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { widget } from '../e2e/widget-journey.js';
import { createRelayFixture, type RelayFixture } from './support/relay-fixture.js';
import { recordFigures } from './support/reliability-mode.js';
import { startWidgetSite, type WidgetSite } from './support/widget-site.js';

/**
 * Hostile strings in every field of the real widget (Chromium, demo site, relay process): markup
 * and script, a formula, template and prototype tricks, direction overrides, zero-width and
 * combining characters, lone surrogates, and text far past each field's limit. The form must not
 * throw, render none of it as markup (light DOM or the widget's shadow root), trigger no 5xx at
 * the relay, and deliver one report whose fields open to exactly the text the field accepted.
 * The staff side of the same strings is tests/e2e/staff.test.ts ("keeps a hostile report
 * inert"); it is not repeated here.
 */

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload=window.__pwned=1>',
  '=HYPERLINK("http://example.com","x")',
  "'; DROP TABLE reports; --",
  '{{constructor.constructor("window.__pwned=1")()}} ${window.__pwned=1}',
  '__proto__ constructor prototype',
  '\u202Eevil\u202C \u200B\u200D\uFEFF e\u0301\u0301\u0301 \uD800 \uDFFF 😀',
].join(' ');

let fixture: RelayFixture;
let world: WidgetSite;

beforeAll(async () => {
  fixture = await createRelayFixture();
  world = await startWidgetSite(fixture, 'north');
});

afterAll(async () => {
  await world?.close();
  await fixture?.close();
});

/** Every free-text field on the current step. */
const textFields = (page: Page) =>
  widget(page).locator(
    'input:not([type=checkbox]):not([type=radio]):not([type=date]):not([type=hidden]), textarea',
  );

/** Markup or script that should never exist, counted in the page and the widget's shadow. */
async function injected(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('ugly-mugs-report');
    const scopes: ParentNode[] = [document, ...(host?.shadowRoot ? [host.shadowRoot] : [])];
    let count = 0;
    for (const scope of scopes) {
      count += scope.querySelectorAll('img, svg, iframe, [onerror], [onload]').length;
      count += [...scope.querySelectorAll('script')].filter((s) => !s.src).length;
    }
    return { count, pwned: (window as unknown as Record<string, unknown>).__pwned ?? null };
  });
}

describe('the widget fed hostile strings in every field', () => {
  it('keeps them as text, shows no markup, and delivers them intact', async () => {
    const context = await world.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    const serverErrors: number[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('response', (response) => {
      if (response.status() >= 500) serverErrors.push(response.status());
    });
    await page.goto(`${world.site.url}/`);
    const form = widget(page);
    await form.getByTestId('step-heading').waitFor();

    const typed = new Map<string, string>();
    let fieldsFilled = 0;
    let corrected = 0;
    for (let step = 0; step < 12; step++) {
      // Choose something on choice steps, so every conditional field appears.
      const firstIncident = form.locator('[data-testid^="incident-"]').first();
      if (await firstIncident.isVisible()) await firstIncident.check();
      for (const yes of await form.locator('[data-testid$="-yes"]').all()) {
        if (await yes.isVisible()) await yes.check();
      }
      for (const add of await form.locator('[data-testid^="add-"]').all()) {
        if (await add.isVisible()) await add.click();
      }
      for (const field of await textFields(page).all()) {
        if (!(await field.isVisible())) continue;
        const id = (await field.getAttribute('data-testid')) ?? (await field.getAttribute('id'));
        if (!id || id === 'receipt-input') continue;
        await field.fill(`${id}: ${HOSTILE} ${'x'.repeat(6000)}`);
        typed.set(id, await field.inputValue());
        fieldsFilled++;
      }
      expect(await injected(page)).toEqual({ count: 0, pwned: null });

      if (await form.getByTestId('submit').isVisible()) break;
      const heading = await form.getByTestId('step-heading').textContent();
      await form.getByTestId('next').click();
      // Either the next step renders or the refusal is shown: wait for one, never a fixed time.
      const moved = async () => (await form.getByTestId('step-heading').textContent()) !== heading;
      await expect
        .poll(
          async () =>
            (await moved()) || (await form.locator('.problem-summary:not(.empty)').count()) > 0,
        )
        .toBe(true);
      if (!(await moved())) {
        // Refused (a hostile phone or email is not an identifier): the problem is shown as text;
        // correct those fields with fictional values, as a reporter would, and go on.
        expect(await form.locator('.problem').count()).toBeGreaterThan(0);
        for (const field of await textFields(page).all()) {
          const id = (await field.getAttribute('data-testid')) ?? '';
          if (!(await field.isVisible())) continue;
          if (id.startsWith('phone-')) await field.fill('07700 900456');
          else if (id.startsWith('email-') || id === 'reporterContact') {
            await field.fill('someone@example.org');
          } else if (id.startsWith('handle-')) await field.fill('@handle_example');
          else continue;
          typed.set(id, await field.inputValue());
          corrected++;
        }
        await form.getByTestId('next').click();
        await form
          .getByTestId('step-heading')
          .filter({ hasNotText: heading ?? '' })
          .waitFor();
      }
    }

    // The review step shows what was typed, as text.
    const review = await page.evaluate(
      () => document.querySelector('ugly-mugs-report')?.shadowRoot?.textContent ?? '',
    );
    expect(review).toContain('<img src=x onerror=');
    expect(await injected(page)).toEqual({ count: 0, pwned: null });

    await form.getByTestId('submit').click();
    await form.getByTestId('receipt-code').waitFor({ timeout: 30_000 });
    expect(await injected(page)).toEqual({ count: 0, pwned: null });
    expect(errors).toEqual([]);
    expect(serverErrors).toEqual([]);

    const listed = await fixture.listReports('north');
    expect(listed.length).toBe(1);
    const report = fixture.open('north', listed[0]!.envelope)!;
    expect(report).not.toBeNull();
    // Fields round-trip exactly as the field held them (trimmed by the form, nothing escaped).
    const opened = JSON.stringify(report);
    for (const [id, value] of typed) {
      if (id === 'date') continue;
      expect(opened, id).toContain(JSON.stringify(value.trim()).slice(1, 40));
    }
    expect(report.narrative).toContain('<script>window.__pwned=1</script>');

    // The receipt box of the replies view: a hostile "code" is refused as text, asks nothing
    // bad of the relay.
    const another = await context.newPage();
    another.on('pageerror', (error) => errors.push(String(error)));
    await another.goto(`${world.site.url}/`);
    await widget(another).getByTestId('have-receipt').click();
    await widget(another).getByTestId('receipt-input').fill(HOSTILE);
    await widget(another).getByTestId('read-replies').click();
    await another.waitForTimeout(500);
    expect(await injected(another)).toEqual({ count: 0, pwned: null });
    expect(errors).toEqual([]);
    expect(serverErrors).toEqual([]);

    recordFigures('hostile widget input', {
      fieldsFilled,
      fields: [...typed.keys()].join(' '),
      correctedAfterRefusal: corrected,
      longestFieldAccepted: Math.max(...[...typed.values()].map((v) => v.length)),
      pageErrors: errors.length,
      serverErrors: serverErrors.length,
    });
    await context.close();
  });
});
