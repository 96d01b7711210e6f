import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { fillToReview, widget } from '../e2e/widget-journey.js';
import { newId } from '../support/relay-network.js';
import { createRelayFixture, type RelayFixture } from './support/relay-fixture.js';
import { recordFigures, sized } from './support/reliability-mode.js';
import { startWidgetSite, type WidgetSite } from './support/widget-site.js';

/**
 * Faults in the reporter's browser: the real widget (built, served by the demo site with its
 * strict CSP) in Chromium, its relay reached through a loopback proxy the test controls.
 *
 * - Network cut mid-submit, two ways in turn: the answer is lost after the relay stored the
 *   report (reset on the relay's first answer byte), or the request is stalled in flight and
 *   then reset. The connection comes back; the widget's outbox must deliver the report.
 * - Tab closed mid-submit, two ways in turn: closed the instant the relay has stored it but
 *   before the page heard, or closed while the request is stalled. Reopening the site must
 *   deliver whatever was still waiting.
 *
 * Then every report is at the relay exactly once: each repetition's narrative opens from
 * exactly one stored envelope, and the relay holds nothing else.
 */

// UMN_WIDGET_REPEATS overrides the count (quick local runs).
const REPEATS = Number(process.env.UMN_WIDGET_REPEATS) || sized(20, 100);
const RUN = newId().slice(0, 8);
const narrativeOf = (kind: string, i: number) =>
  `Reliability ${kind} ${i} ${RUN}: he took the money back at the door and pushed me.`;

let fixture: RelayFixture;
let world: WidgetSite;
const timings: number[] = [];
let resentFromDraft = 0;

beforeAll(async () => {
  fixture = await createRelayFixture();
  world = await startWidgetSite(fixture, 'north');
});

afterAll(async () => {
  await world?.close();
  await fixture?.close();
});

async function openWidget(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${world.site.url}/`);
  await widget(page).getByTestId('step-heading').waitFor({ timeout: 15_000 });
  return page;
}

/** Fills a short report with `narrative` and stops on the review step. */
async function fillReport(page: Page, narrative: string): Promise<void> {
  await fillToReview(page, {
    incidents: ['robbery'],
    area: 'Testshire',
    phones: ['07700 900123'],
    narrative,
    consent: {
      workerAlert: true,
      otherSchemes: false,
      policeIntelligence: false,
      policeIdentified: false,
      reply: false,
    },
  });
}

/** Waits until the relay holds a report with `narrative`; returns how many do. */
async function deliveredCount(narrative: string, timeoutMs = 45_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listed = await fixture.listReports('north');
    const matching = listed.filter(
      (r) => fixture.open('north', r.envelope)?.narrative === narrative,
    );
    if (matching.length > 0 || Date.now() > deadline) return matching.length;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe(`the widget under faults (${REPEATS} of each)`, () => {
  it('delivers every report once when the network is cut mid-submit', async () => {
    for (let i = 0; i < REPEATS; i++) {
      const started = Date.now();
      const context = await world.browser.newContext();
      const page = await openWidget(context);
      const narrative = narrativeOf('cut', i);
      await fillReport(page, narrative);

      if (i % 2 === 0) {
        // The relay stores it; the acknowledgement never reaches the page.
        world.proxy.swallowOnly(/^POST \/v1\/reports /);
        world.proxy.setMode('swallow');
        const swallowed = world.proxy.nextSwallow(20_000);
        await widget(page).getByTestId('submit').click();
        await swallowed;
      } else {
        // The request leaves the page and is stuck; then the connection is reset.
        world.proxy.setMode('stall');
        await widget(page).getByTestId('submit').click();
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 300));
        world.proxy.setMode('refuse');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      world.proxy.setMode('pass');

      // The page keeps the report and delivers it on its own; the reporter is told when.
      await widget(page).locator('.status.ok').waitFor({ timeout: 45_000 });
      expect(await deliveredCount(narrative)).toBe(1);
      await context.close();
      timings.push(Date.now() - started);
    }
  });

  it('delivers every report once when the tab is closed mid-submit and the site reopened', async () => {
    for (let i = 0; i < REPEATS; i++) {
      const started = Date.now();
      const context = await world.browser.newContext();
      const page = await openWidget(context);
      const narrative = narrativeOf('closed', i);
      await fillReport(page, narrative);
      // A reporter reads the review before sending; by then the draft is saved (it is saved
      // 400 ms after the last change). Closing within that window is a known gap, see
      // docs/security.md.
      await page.waitForTimeout(1000);

      if (i % 2 === 0) {
        // Closed the instant the relay has it, before the page could hear.
        world.proxy.swallowOnly(/^POST \/v1\/reports /);
        world.proxy.setMode('swallow');
        const swallowed = world.proxy.nextSwallow(20_000);
        await widget(page).getByTestId('submit').click();
        await swallowed;
        await page.close();
      } else {
        // Closed while the request is stuck in flight.
        world.proxy.setMode('stall');
        await widget(page).getByTestId('submit').click();
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 300));
        await page.close();
      }
      world.proxy.setMode('pass');

      // The reporter comes back to the site later: the outbox sends what was waiting. If the
      // tab closed before the report reached the outbox, the widget shows the kept draft at
      // its last step and the reporter presses send again: still exactly one report.
      const again = await openWidget(context);
      let count = 0;
      let resent = false;
      const deadline = Date.now() + 45_000;
      while (Date.now() < deadline) {
        count = await deliveredCount(narrative, 0);
        if (count > 0) break;
        // The kept draft may appear a moment after the form (it is decrypted first).
        const submit = widget(again).getByTestId('submit');
        // The outbox may deliver the waiting report meanwhile, and the form then leaves that
        // step: a press that finds no button is not a resend.
        if (!resent && (await submit.isVisible())) {
          const pressed = await submit.click({ timeout: 2_000 }).then(
            () => true,
            () => false,
          );
          if (pressed) {
            resent = true;
            resentFromDraft++;
            await widget(again).getByTestId('receipt').waitFor({ timeout: 30_000 });
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (count !== 1) {
        await again.screenshot({ path: `test-results/reliability/closed-${i}-undelivered.png` });
      }
      expect(count, `closed ${i}: outbox ${await again.evaluate(outboxState)}`).toBe(1);
      await expect.poll(() => again.evaluate(outboxSize), { timeout: 20_000 }).toBe(0);
      expect(await deliveredCount(narrative, 0)).toBe(1);
      await context.close();
      timings.push(Date.now() - started);
    }
  });

  it('leaves the relay holding each report exactly once, and nothing else', async () => {
    const listed = await fixture.listReports('north');
    const narratives = listed.map((r) => fixture.open('north', r.envelope)?.narrative ?? '');
    const expected = [
      ...Array.from({ length: REPEATS }, (_, i) => narrativeOf('cut', i)),
      ...Array.from({ length: REPEATS }, (_, i) => narrativeOf('closed', i)),
    ];
    expect(narratives.sort()).toEqual(expected.sort());
    recordFigures('widget faults', {
      repeatsEach: REPEATS,
      reportsStored: listed.length,
      answersSwallowed: world.proxy.stats.swallowed,
      closedBeforeQueuedResentFromDraft: resentFromDraft,
      connectionsReset: world.proxy.stats.reset,
      medianIterationMs: timings.sort((a, b) => a - b)[Math.floor(timings.length / 2)] ?? 0,
    });
  });
});

/** Runs in the page: the outbox's entries without their envelopes (for a failure message). */
function outboxState(): Promise<string> {
  return new Promise((resolve) => {
    const open = indexedDB.open('umn-outbox');
    open.onerror = () => resolve('unreadable');
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('reports')) return resolve('no store');
      const all = db.transaction('reports').objectStore('reports').getAll();
      all.onsuccess = () => {
        const now = Date.now();
        resolve(
          JSON.stringify(
            (all.result as { attempts: number; nextAttemptAt: number; lastError: string }[]).map(
              (e) => ({
                attempts: e.attempts,
                dueInMs: e.nextAttemptAt - now,
                lastError: e.lastError,
              }),
            ),
          ),
        );
        db.close();
      };
    };
  });
}

/** Runs in the page: how many reports wait in the widget's IndexedDB outbox. */
function outboxSize(): Promise<number> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('umn-outbox');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('reports')) {
        db.close();
        return resolve(0);
      }
      const count = db.transaction('reports').objectStore('reports').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result);
      };
      count.onerror = () => reject(count.error);
    };
  });
}
