import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

import { capForSite, siteOverCap } from '../../../entrypoints/background/site-flags.js';
import type { IdentifyAnswer } from '../../../shared/page-scan/identify-texts.js';

const labels = { title: 'R', where: 'W', when: 'W', schemeWords: 'S', close: 'x' };

/** An answer where each of `numbers` matched an alert, one text each. */
function answer(numbers: number[]): IdentifyAnswer {
  const keys = numbers.map((n) => `phone:+447700900${n}`);
  return {
    matches: keys.map((key, text) => ({ text, start: 0, end: 12, key })),
    linkMatches: [],
    alerts: Object.fromEntries(keys.map((key) => [key, []])),
    labels,
    found: keys.length,
  };
}

beforeEach(() => fakeBrowser.reset());

describe('per-site flag cap in the service worker', () => {
  it('counts across concurrent requests of one site, keeps sites apart, stores no identifier', async () => {
    const site = 'https://ads.example.org';
    const answers = await Promise.all([
      capForSite(site, answer([601, 602, 603]), undefined),
      capForSite(site, answer([604, 605, 606]), undefined),
    ]);
    const flagged = answers.flatMap((a) => a.matches.map((m) => m.key));
    expect(new Set(flagged).size).toBe(5);
    expect(await siteOverCap(site)).toBe(true);

    const other = await capForSite('https://chat.example.org', answer([601]), undefined);
    expect(other.matches).toHaveLength(1);
    expect(await siteOverCap('https://chat.example.org')).toBe(false);

    const stored = JSON.stringify(await fakeBrowser.storage.session.get(null));
    expect(stored).not.toMatch(/7700|9006/);
  });

  it('counts every port of a site together, as turning the site on covers them all', async () => {
    const ports = ['http://127.0.0.1:8097', 'http://127.0.0.1:8098', 'http://127.0.0.1:8099'];
    const flagged = new Set<string>();
    for (const [i, origin] of ports.entries()) {
      const numbers = [0, 1, 2, 3, 4].map((n) => 610 + i * 5 + n);
      const capped = await capForSite(origin, answer(numbers), undefined);
      for (const match of capped.matches) flagged.add(match.key);
    }
    expect(flagged.size).toBe(5);
    expect(await siteOverCap('http://127.0.0.1:9000')).toBe(true);
    expect(await siteOverCap('https://127.0.0.1')).toBe(false);
  });
});
