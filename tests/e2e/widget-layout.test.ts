import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, startWidgetWorld, type WidgetWorld } from './widget-fixture.js';
import { widget } from './widget-journey.js';

/**
 * Phone layout (390x844): as the page scrolls, the sticky quick-exit bar must never cover the
 * Language select (a user test found its top hidden under the bar). Screenshots at each scroll
 * position go to test-results/widget-layout/ for a person to look at.
 */

const SHOTS = 'test-results/widget-layout';
let world: WidgetWorld;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startWidgetWorld();
});

afterAll(async () => {
  await world?.close();
});

describe('widget layout on a phone', () => {
  it('keeps the Language select uncovered and reachable at every scroll position', async () => {
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page } = await openPage(context, world.pageUrl('plain'));
    const select = widget(page).getByTestId('language');
    const covered: number[] = [];

    for (let y = 0; y <= 400; y += 20) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      await page.evaluate(() => new Promise(requestAnimationFrame));
      if (y % 100 === 0) await page.screenshot({ path: `${SHOTS}/phone-scrolled-${y}.png` });
      // What a tap at the top edge and at the centre of the select would hit.
      const hits = await select.evaluate((element) => {
        const box = element.getBoundingClientRect();
        const root = element.getRootNode() as ShadowRoot;
        const x = box.left + box.width / 2;
        return [box.top + 2, box.top + box.height / 2].map((py) => {
          if (py < 0 || py > window.innerHeight) return false;
          return root.elementFromPoint(x, py) === element;
        });
      });
      if (!hits.every(Boolean)) covered.push(y);
    }
    expect(covered, 'scroll offsets where the select is covered or off screen').toEqual([]);
    await context.close();
  });
});
