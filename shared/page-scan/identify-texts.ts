import type { Identifier } from '../domain/codes.js';
import type { CardAlert, CardLabels } from './alert-card.js';
import { findInLink, findInText, identifierKey } from './find-identifiers.js';

/**
 * The heavy half of the page scan, run away from the page: in the extension's service worker
 * (the content script only walks the DOM and sends text). It reads identifiers in the texts and
 * links a page sent, looks them up, and answers with the matches only, so neither the parser
 * nor the alert list ever enters the page's process, and a page's main thread never pays for
 * libphonenumber-js.
 */

/** What the page scanner sends: block texts and link targets, in the order it found them. */
export interface IdentifyRequest {
  texts: string[];
  links: string[];
}

/** A matched identifier in `texts[text]` at [start, end). */
export interface TextMatch {
  text: number;
  start: number;
  end: number;
  key: string;
}

/** The answer: matches only, the alerts of each matched key, and the card's words. */
export interface IdentifyAnswer {
  matches: TextMatch[];
  linkMatches: { link: number; key: string }[];
  alerts: Record<string, CardAlert[]>;
  labels: CardLabels;
  /** Identifiers read (matched or not), for tests and the benchmark. */
  found: number;
}

/** Most text one request may carry (UTF-16 units); the scanner sends bigger pages in parts. */
export const MAX_REQUEST_TEXT = 1_000_000;

/**
 * Reads and looks up the identifiers of one request. `lookup` answers, for each identifier,
 * the alerts to show (empty when none).
 */
export function identifyTexts(
  request: IdentifyRequest,
  lookup: (identifiers: Identifier[]) => CardAlert[][],
  labels: CardLabels,
): IdentifyAnswer {
  const texts = Array.isArray(request.texts) ? request.texts : [];
  const links = Array.isArray(request.links) ? request.links : [];
  const keys = new Map<string, Identifier>();
  const textHits: TextMatch[] = [];
  const linkHits: { link: number; key: string }[] = [];
  let budget = MAX_REQUEST_TEXT;

  texts.forEach((text, index) => {
    if (typeof text !== 'string' || (budget -= text.length) < 0) return;
    for (const hit of findInText(text)) {
      const key = identifierKey(hit.identifier);
      keys.set(key, hit.identifier);
      textHits.push({ text: index, start: hit.start, end: hit.end, key });
    }
  });
  links.slice(0, 5000).forEach((href, index) => {
    const identifier = typeof href === 'string' ? findInLink(href) : null;
    if (!identifier) return;
    const key = identifierKey(identifier);
    keys.set(key, identifier);
    linkHits.push({ link: index, key });
  });

  const unique = [...keys.keys()];
  const found = lookup(unique.map((key) => keys.get(key)!));
  const alerts: Record<string, CardAlert[]> = {};
  unique.forEach((key, i) => {
    if (found[i]?.length) alerts[key] = found[i]!;
  });
  return {
    matches: textHits.filter((hit) => alerts[hit.key]),
    linkMatches: linkHits.filter((hit) => alerts[hit.key]),
    alerts,
    labels,
    found: textHits.length + linkHits.length,
  };
}
