import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { openPage, startWidgetWorld, type WidgetWorld } from './widget-fixture.js';
import { SAMPLE, fillToReview, send, widget } from './widget-journey.js';

/**
 * Nothing a reporter writes is lost (issue 6): a connection cut during submit, an answer lost
 * on the way back, a tab closed mid-draft or with a report still in the outbox. And quick exit
 * really leaves, and really forgets when asked. Plus a report finished with the keyboard alone.
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

async function newContext() {
  const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  return context;
}

/** Draft and outbox as stored in IndexedDB, serialised, to search for plaintext. */
/** Presses "next" (or "back") and waits for the step it leads to to render. */
async function nextStep(form: Locator, button: 'next' | 'back' = 'next'): Promise<void> {
  const heading = await form.getByTestId('step-heading').textContent();
  await form.getByTestId(button).click();
  await form
    .getByTestId('step-heading')
    .filter({ hasNotText: heading ?? '' })
    .waitFor();
}

async function storedBytes(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dump = async (name: string) => {
      const db = await new Promise<IDBDatabase>((done, fail) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => done(request.result);
        request.onerror = () => fail(request.error);
      });
      const out: unknown[] = [];
      for (const store of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((done) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => done(request.result);
        });
        for (const value of all) {
          out.push(
            value instanceof CryptoKey
              ? 'CryptoKey'
              : JSON.stringify(value, (_k, v) =>
                  v instanceof ArrayBuffer || ArrayBuffer.isView(v)
                    ? new TextDecoder('latin1').decode(v as ArrayBuffer)
                    : v,
                ),
          );
        }
      }
      db.close();
      return out.join('\n');
    };
    return (await dump('umn-drafts')) + '\n' + (await dump('umn-outbox'));
  });
}

describe('nothing is lost', () => {
  it('delivers once when the connection drops during submit and comes back', async () => {
    const before = await world.storedReports();
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    await fillToReview(page, SAMPLE);

    // The first attempt reaches the relay but its answer is lost; then the network is gone.
    let attempts = 0;
    await page.route('**/v1/reports', async (route) => {
      attempts++;
      if (attempts === 1) {
        await route.fetch();
        await context.setOffline(true);
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await send(page);
    await expect.poll(() => widget(page).locator('.status.waiting').count()).toBe(1);
    // The heading must not claim it was sent while it waits in the outbox.
    expect(await widget(page).locator('h2.title').textContent()).toBe('Saved — not sent yet');
    // Sealed only: the outbox holds ciphertext, never the report's words.
    expect(await storedBytes(page)).not.toContain('threatened');

    await context.setOffline(false);
    await expect
      .poll(() => widget(page).locator('.status.ok').count(), { timeout: 20_000 })
      .toBe(1);
    expect(await widget(page).locator('h2.title').textContent()).toBe('Report sent');
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(await world.storedReports()).toBe(before + 1);
  });

  it('sends a report left in the outbox when the page is opened again', async () => {
    const before = await world.storedReports();
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    await fillToReview(page, SAMPLE);
    await context.setOffline(true);
    await send(page);
    await expect.poll(() => widget(page).locator('.status.waiting').count()).toBe(1);
    await page.close();
    expect(await world.storedReports()).toBe(before);

    await context.setOffline(false);
    const again = await openPage(context, world.pageUrl('plain'));
    await expect.poll(() => world.storedReports(), { timeout: 20_000 }).toBe(before + 1);
    expect(await storedBytes(again.page)).not.toContain('"epk"');
  });

  it('brings the draft back after the tab is closed, encrypted at rest', async () => {
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    const form = widget(page);
    await form.getByTestId('incident-stalking').check();
    await nextStep(form);
    await nextStep(form);
    const beforeTyping = await storedBytes(page);
    await form.getByTestId('area').fill('Gateshead riverside');
    // The draft is saved shortly after typing stops: wait until the stored bytes change.
    await expect.poll(() => storedBytes(page), { timeout: 20_000 }).not.toBe(beforeTyping);
    expect(await storedBytes(page)).not.toContain('Gateshead');
    await page.close();

    const again = await openPage(context, world.pageUrl('plain'));
    const restored = widget(again.page);
    await restored.getByTestId('start-again').waitFor();
    expect(await restored.getByTestId('area').inputValue()).toBe('Gateshead riverside');
    await nextStep(restored, 'back');
    await nextStep(restored, 'back');
    expect(await restored.getByTestId('incident-stalking').isChecked()).toBe(true);
  });

  it('stores no draft for someone who only looked at the form', async () => {
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    await page.waitForTimeout(700);
    await page.close();
    const again = await openPage(context, world.pageUrl('plain'));
    expect(await widget(again.page).getByTestId('start-again').count()).toBe(0);
  });
});

describe('quick exit', () => {
  it('leaves for the neutral page at once and forgets the draft', async () => {
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    const form = widget(page);
    await form.getByTestId('incident-threats').check();
    await form.getByTestId('next').click();
    await page.waitForTimeout(600);
    const started = Date.now();
    await form.getByTestId('quick-exit').click();
    await page.waitForURL('**/neutral.html');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await page.title()).toBe('Weather');

    const again = await openPage(context, world.pageUrl('plain'));
    expect(await widget(again.page).getByTestId('start-again').count()).toBe(0);
    expect(await widget(again.page).getByTestId('incident-threats').isChecked()).toBe(false);
  });

  it('leaves on Escape pressed twice, and keeps the draft when asked to', async () => {
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    const form = widget(page);
    await form.getByTestId('forget-on-exit').uncheck();
    await form.getByTestId('incident-filming').check();
    await page.keyboard.press('Escape');
    expect(page.url()).not.toContain('neutral');
    await page.keyboard.press('Escape');
    await page.waitForURL('**/neutral.html');

    const again = await openPage(context, world.pageUrl('plain'));
    await widget(again.page).getByTestId('start-again').waitFor();
    expect(await widget(again.page).getByTestId('incident-filming').isChecked()).toBe(true);
  });
});

describe('keyboard only', () => {
  it('completes a report with Tab, Space, arrows and Enter, focus always visible', async () => {
    const before = await world.storedReports();
    const context = await newContext();
    const { page } = await openPage(context, world.pageUrl('plain'));
    const keys = page.keyboard;
    const focused = () =>
      page.evaluate(() => {
        let element = document.activeElement;
        while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
        if (!element) return null;
        const style = getComputedStyle(element);
        return {
          id: element.id,
          testId: element.getAttribute('data-testid'),
          outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
        };
      });
    const tabTo = async (testId: string) => {
      for (let i = 0; i < 60; i++) {
        await keys.press('Tab');
        const now = await focused();
        if (now?.testId === testId) {
          expect(now.outline, `visible focus on ${testId}`).toBe(true);
          return;
        }
      }
      throw new Error(`Tab never reached ${testId}`);
    };

    await page.locator('h1').click(); // Start from the page, as a keyboard user arriving would.
    await tabTo('incident-robbery');
    await keys.press('Space');
    await keys.press('Enter'); // Enter submits the step from any field.
    await expect.poll(focused).toMatchObject({ id: 'step-heading' });
    await tabTo('next');
    await keys.press('Enter');
    await tabTo('area');
    await keys.type('Sunderland');
    await keys.press('Enter');
    await expect.poll(focused).toMatchObject({ id: 'step-heading' });
    await tabTo('phone-0');
    await keys.type('07700 900456');
    // The number's read-back comes with the reader, loaded on this step: once it shows, the
    // step is done changing under the keyboard.
    await expect
      .poll(() => widget(page).locator('#phone-0-note').textContent(), { timeout: 20_000 })
      .toContain('7700');
    await keys.press('Enter');
    await expect.poll(focused).toMatchObject({ id: 'step-heading' });
    await tabTo('narrative');
    await keys.type('He refused to pay and shouted at me.');
    await tabTo('next');
    await keys.press('Enter');

    // Consent: Next with nothing answered lists all five questions in the problem summary.
    await tabTo('next');
    await keys.press('Enter');
    await expect.poll(() => widget(page).locator('.problem-summary li').count()).toBe(5);
    // Each names its question: five bare "Choose yes or no." would not say which is which.
    expect(await widget(page).locator('.problem-summary li').first().textContent()).toMatch(
      /warn other workers.*Choose yes or no/,
    );
    for (const name of [
      'workerAlert',
      'otherSchemes',
      'policeIntelligence',
      'policeIdentified',
      'reply',
    ]) {
      // Tab reaches a radio group once (its first choice); the arrow moves to, and picks, "No".
      await tabTo(`consent-${name}-yes`);
      await keys.press('ArrowDown');
      expect(await focused()).toMatchObject({ testId: `consent-${name}-no` });
    }
    await tabTo('next');
    await keys.press('Enter');
    await tabTo('submit');
    await keys.press('Enter');
    // Every answer was "No", replies too: the receipt says so, the code stays behind its toggle.
    await widget(page).getByTestId('receipt-nothing-to-keep').waitFor();
    await expect.poll(() => world.storedReports()).toBe(before + 1);
  });
});
