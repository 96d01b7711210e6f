import { createAlertIndex, type AlertIndex } from '../../shared/alert-index.js';
import { IDENTIFIER_KINDS, type Identifier } from '../../shared/domain/codes.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { AppliedBatch } from '../../shared/alert-store.js';
import { translate } from '../../shared/i18n/index.js';
import type { CardLabels } from '../../shared/page-scan/alert-card.js';
import {
  identifyTexts,
  type IdentifyAnswer,
  type IdentifyRequest,
} from '../../shared/page-scan/identify-texts.js';
import { describeAlert, severityRank } from '../popup/describe-alert.js';
import { alertStore, state } from './extension-context.js';
import { workerLocale } from './worker-locale.js';

/**
 * Answers the page scanner: reads the identifiers in a page's text and says which match a held
 * alert. The index is built from IndexedDB once per worker life and kept current as syncs apply
 * batches; nothing read from a page leaves the browser.
 */

/** Most identifiers one page request may ask about (a page with more is scanned in parts). */
export const MAX_LOOKUP = 10_000;

let index: Promise<AlertIndex> | null = null;

async function currentIndex(): Promise<AlertIndex> {
  // A scanner's request still on its way after "Leave and erase" finds nothing, and must not
  // open (so create again) the deleted alert store.
  if (!index && !(await state.membership())) return createAlertIndex([]);
  index ??= alertStore().then(async (store) => createAlertIndex(await store.all()));
  return index;
}

/**
 * Keeps a built index in step with a sync (an unbuilt one will read the store when needed).
 * Open pages hear of the change from the service worker's alertsChanged (index.ts).
 */
export async function updateLookup(applied: AppliedBatch): Promise<void> {
  if (index) {
    const built = await index;
    for (const alert of [...applied.added, ...applied.corrected]) built.put(alert);
    for (const id of applied.retracted) built.remove(id);
  }
}

/** Drops the index (after expiry pruning or leaving the network). */
export function resetLookup(): void {
  index = null;
}

/** The card's fixed words in the worker's language. */
async function cardLabels(): Promise<CardLabels> {
  const locale = await workerLocale();
  const t = (key: string) => translate(locale, key);
  return {
    title: t('ext.page.flag-label'),
    where: t('ext.alert.where'),
    when: t('ext.alert.when'),
    schemeWords: t('ext.alert.scheme-words'),
    close: t('ext.page.close'),
  };
}

/**
 * Reads identifiers in a page's texts and links and answers with the matches only (the page
 * scanner's request, shared/page-scan/identify-texts.ts).
 */
export async function identifyForPage(
  request: IdentifyRequest,
  now = Date.now(),
): Promise<IdentifyAnswer> {
  const built = await currentIndex();
  const locale = await workerLocale();
  const labels = await cardLabels();
  const lookup = (identifiers: Identifier[]) =>
    identifiers.slice(0, MAX_LOOKUP).map((identifier) => {
      if (built.size() === 0 || !isIdentifier(identifier)) return [];
      return built
        .lookup(identifier)
        .filter((a: AlertContent) => a.expiresAt > now)
        .sort(
          (a: AlertContent, b: AlertContent) => severityRank(a.severity) - severityRank(b.severity),
        )
        .map((a: AlertContent) => describeAlert(a, locale, now));
    });
  return identifyTexts(request, lookup, labels);
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
