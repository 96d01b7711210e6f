import { createAlertIndex, type AlertIndex } from '../../shared/alert-index.js';
import { IDENTIFIER_KINDS, type Identifier } from '../../shared/domain/codes.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { AppliedBatch } from '../../shared/alert-store.js';
import { translate } from '../../shared/i18n/index.js';
import type { CardLabels } from '../../shared/page-scan/alert-card.js';
import { describeAlert, severityRank } from '../popup/describe-alert.js';
import { alertStore } from './extension-context.js';
import type { PageMatch } from './messages.js';
import { workerLocale } from './worker-locale.js';

/**
 * Answers the page scanner: which of the identifiers found on a page match a held alert. The
 * index is built from IndexedDB once per worker life and kept current as syncs apply batches;
 * no identifier leaves the browser.
 */

/** Most identifiers one page request may ask about (a page with more is scanned in parts). */
export const MAX_LOOKUP = 10_000;

let index: Promise<AlertIndex> | null = null;

function currentIndex(): Promise<AlertIndex> {
  index ??= alertStore().then(async (store) => createAlertIndex(await store.all()));
  return index;
}

/** Keeps a built index in step with a sync (an unbuilt one will read the store when needed). */
export async function updateLookup(applied: AppliedBatch): Promise<void> {
  if (!index) return;
  const built = await index;
  for (const alert of [...applied.added, ...applied.corrected]) built.put(alert);
  for (const id of applied.retracted) built.remove(id);
}

/** Drops the index (after expiry pruning or leaving the network). */
export function resetLookup(): void {
  index = null;
}

/** Finds alerts for each identifier; only matches are returned, with the card's words. */
export async function lookupIdentifiers(
  identifiers: readonly Identifier[],
  now = Date.now(),
): Promise<{ matches: PageMatch[]; labels: CardLabels }> {
  const built = await currentIndex();
  const locale = await workerLocale();
  const t = (key: string) => translate(locale, key);
  const labels: CardLabels = {
    title: t('ext.page.flag-label'),
    where: t('ext.alert.where'),
    when: t('ext.alert.when'),
    schemeWords: t('ext.alert.scheme-words'),
    close: t('ext.page.close'),
  };
  const matches: PageMatch[] = [];
  if (built.size() === 0) return { matches, labels };

  identifiers.slice(0, MAX_LOOKUP).forEach((identifier, i) => {
    // The page scanner is ours, but what it read came from a page: check the shape first.
    if (!isIdentifier(identifier)) return;
    const found = built.lookup(identifier).filter((a: AlertContent) => a.expiresAt > now);
    if (found.length === 0) return;
    found.sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    matches.push({ index: i, alerts: found.map((a) => describeAlert(a, locale, now)) });
  });
  return { matches, labels };
}

function isIdentifier(value: unknown): value is Identifier {
  const candidate = value as Partial<Identifier> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    (IDENTIFIER_KINDS as readonly unknown[]).includes(candidate.kind) &&
    typeof candidate.value === 'string' &&
    candidate.value.length > 0 &&
    candidate.value.length <= 200
  );
}
