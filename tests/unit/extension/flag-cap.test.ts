// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Identifier } from '../../../shared/domain/codes.js';
import { capAnswer, noFlags, MAX_FLAGGED_PER_SITE } from '../../../shared/page-scan/flag-cap.js';
import { identifyTexts } from '../../../shared/page-scan/identify-texts.js';
import { createPageScanner } from '../../../shared/page-scan/page-scanner.js';

const labels = { title: 'Reported', where: 'Where', when: 'When', schemeWords: 'W', close: 'x' };
const words = {
  severity: 'Critical',
  severityCode: 'critical' as const,
  what: 'Robbery',
  where: 'Newcastle',
  when: '28 Nov 2026',
  age: '3 days ago',
  advice: [],
  description: '',
};
const drama = (n: number) => `07700 900${String(n).padStart(3, '0')}`;

/** Every drama number is on the alert list: the worst case for what a page could harvest. */
function answerFor(texts: string[]) {
  return identifyTexts({ texts, links: [] }, (ids: Identifier[]) => ids.map(() => [words]), labels);
}

describe('the per-site flag cap', () => {
  it('flags at most the cap of distinct identifiers, then none more, and says so', () => {
    const texts = Array.from({ length: 300 }, (_, i) => drama(i));
    const first = capAnswer(answerFor(texts), noFlags(), (k) => `#${k}`);
    const keys = new Set(first.answer.matches.map((m) => m.key));
    expect(keys.size).toBe(MAX_FLAGGED_PER_SITE);
    expect(Object.keys(first.answer.alerts)).toHaveLength(MAX_FLAGGED_PER_SITE);
    expect(first.site.over).toBe(true);
    expect(first.site.tags.every((t) => t.startsWith('#'))).toBe(true);

    // A later page on the same site learns nothing new, but what it was shown stays shown.
    const again = capAnswer(
      answerFor([drama(0), drama(299), drama(150)]),
      first.site,
      (k) => `#${k}`,
    );
    expect(again.answer.matches.map((m) => m.text)).toEqual([0]);
    expect(again.site.tags).toEqual(first.site.tags);
  });

  it('leaves a page under the cap untouched, repeats included', () => {
    const texts = [drama(123), `call ${drama(123)}`, drama(456)];
    const capped = capAnswer(answerFor(texts), noFlags(), (k) => k);
    expect(capped.answer.matches).toHaveLength(3);
    expect(capped.site).toEqual({ tags: expect.any(Array), over: false });
    expect(capped.site.tags).toHaveLength(2);
  });

  it('keeps a page scanner from harvesting the list from 300 elements', async () => {
    document.body.innerHTML = Array.from({ length: 300 }, (_, i) => `<p>${drama(i)}</p>`).join('');
    let site = noFlags();
    const scanner = createPageScanner({
      doc: document,
      settleMs: 5,
      identify: async (request) => {
        const capped = capAnswer(
          identifyTexts(request, (ids) => ids.map(() => [words]), labels),
          site,
          (k) => k,
        );
        site = capped.site;
        return capped.answer;
      },
    });
    await scanner.scan(document.body);
    expect(document.querySelectorAll('[data-umn-flag]').length).toBe(MAX_FLAGGED_PER_SITE);
    expect(site.over).toBe(true);
    scanner.stop();
  });
});
