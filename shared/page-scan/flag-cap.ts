import type { IdentifyAnswer } from './identify-texts.js';

/**
 * The cap on what one site can learn from the page scanner. Any visible mark can be read by the
 * site's own scripts, so a site that writes many numbers into its page could otherwise find out
 * which of them are on the alert list. Each site may see at most `MAX_FLAGGED_PER_SITE`
 * distinct identifiers flagged; once a page asks about more matching ones, none more are flagged
 * and the site is marked as over the cap, so the worker is told (outside the page) to check the
 * page's numbers in the popup instead.
 */

/** Most distinct identifiers one site may see flagged (per browser session). */
export const MAX_FLAGGED_PER_SITE = 5;

/** What a site has been shown so far: tags of the flagged keys, and whether it hit the cap. */
export interface SiteFlags {
  tags: string[];
  over: boolean;
}

/** A fresh site record. */
export const noFlags = (): SiteFlags => ({ tags: [], over: false });

/**
 * Cuts an answer down to what the site may be shown. Keys the site was already shown stay
 * flagged; new keys are allowed while there is room; any further matching key is dropped and
 * sets `over`. `tag` turns a key into what is kept (a hash, so no identifier is stored).
 */
export function capAnswer(
  answer: IdentifyAnswer,
  site: SiteFlags,
  tag: (key: string) => string,
  max = MAX_FLAGGED_PER_SITE,
): { answer: IdentifyAnswer; site: SiteFlags } {
  const tags = new Set(site.tags);
  let over = site.over;
  const allowed = new Set<string>();
  const ordered = [...answer.matches.map((m) => m.key), ...answer.linkMatches.map((m) => m.key)];
  for (const key of ordered) {
    if (allowed.has(key)) continue;
    const keyTag = tag(key);
    if (tags.has(keyTag)) {
      allowed.add(key);
    } else if (!over && tags.size < max) {
      tags.add(keyTag);
      allowed.add(key);
    } else {
      over = true;
    }
  }
  const alerts: IdentifyAnswer['alerts'] = {};
  for (const key of allowed) if (answer.alerts[key]) alerts[key] = answer.alerts[key];
  return {
    answer: {
      ...answer,
      matches: answer.matches.filter((m) => allowed.has(m.key)),
      linkMatches: answer.linkMatches.filter((m) => allowed.has(m.key)),
      alerts,
    },
    site: { tags: [...tags], over },
  };
}
