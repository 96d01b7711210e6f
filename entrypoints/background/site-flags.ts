import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { browser } from 'wxt/browser';
import { capAnswer, noFlags, type SiteFlags } from '../../shared/page-scan/flag-cap.js';
import type { IdentifyAnswer } from '../../shared/page-scan/identify-texts.js';

/**
 * Keeps, per site, what the page scanner has flagged there (shared/page-scan/flag-cap.ts), in
 * `storage.session`: memory only, gone when the browser closes, never readable by content
 * scripts (staff-lock.ts sets its access level). Only hashes of the flagged keys are kept.
 */

const SITE_FLAGS_KEY = 'umn-site-flags';

type AllSites = Record<string, SiteFlags>;

let queue: Promise<unknown> = Promise.resolve();

const tag = (key: string) => bytesToHex(sha256(utf8ToBytes(key))).slice(0, 32);

async function allSites(): Promise<AllSites> {
  const stored = (await browser.storage.session.get(SITE_FLAGS_KEY))[SITE_FLAGS_KEY];
  return stored && typeof stored === 'object' ? (stored as AllSites) : {};
}

/**
 * The site an origin belongs to, as the worker turned it on: scheme and host, every port (the
 * popup grants `https://host/*`). Counting per origin let one site serve pages on many ports and
 * be shown the cap's worth of flagged numbers on each.
 */
export function siteOf(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? `${url.protocol}//${url.hostname}`
      : origin;
  } catch {
    return origin;
  }
}

/**
 * Cuts a page's answer to what its site may be shown. When the site goes over the cap, the
 * tab's badge says so (outside the page); the popup explains.
 */
export function capForSite(
  origin: string,
  answer: IdentifyAnswer,
  tabId: number | undefined,
): Promise<IdentifyAnswer> {
  // One at a time: a page sends several requests at once and each must see the last count.
  const site = siteOf(origin);
  const next = queue.then(async () => {
    const sites = await allSites();
    const before = sites[site] ?? noFlags();
    const capped = capAnswer(answer, before, tag);
    if (capped.site.tags.length !== before.tags.length || capped.site.over !== before.over) {
      sites[site] = capped.site;
      await browser.storage.session.set({ [SITE_FLAGS_KEY]: sites });
    }
    if (capped.site.over && tabId !== undefined) {
      await browser.action.setBadgeText({ tabId, text: '!' }).catch(() => undefined);
    }
    return capped.answer;
  });
  queue = next.catch(() => undefined);
  return next;
}

/** True when the site at `origin` has more matching numbers than it may be shown. */
export async function siteOverCap(origin: string): Promise<boolean> {
  return (await allSites())[siteOf(origin)]?.over === true;
}
