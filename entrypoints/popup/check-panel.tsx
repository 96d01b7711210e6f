import { useSignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { Identifier } from '../../shared/domain/codes.js';
import type { IdentifierReading } from '../../shared/identifiers/index.js';
import { AlertCard } from './alert-card.js';
import { LeftOutNote } from './left-out.js';
import { severityRank } from './describe-alert.js';
import { partialPhrases } from './short-input.js';
import { t } from './ui-locale.js';
import {
  checker,
  quickChecker,
  readIndexNow,
  type Checker,
  type QuickChecker,
} from './use-alert-index.js';

/**
 * The check box: answers while the worker types or pastes, from the local index only (no
 * request carries what is checked). Shows what the input was read as, then the matching alerts,
 * or a "no reports" answer that says plainly it does not mean the client is safe.
 */
export function CheckPanel({ initial = '' }: { initial?: string }) {
  const raw = useSignal(initial);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  return (
    <section class="check" aria-labelledby="check-label">
      <label id="check-label" for="check-input">
        {t('ext.check.label')}
      </label>
      <input
        id="check-input"
        ref={input}
        data-testid="check-input"
        type="search"
        // Numbers, emails and plates read left to right even in an Arabic popup.
        dir="auto"
        autocomplete="off"
        spellcheck={false}
        placeholder={t('ext.check.placeholder')}
        value={raw.value}
        onInput={(e) => (raw.value = e.currentTarget.value)}
      />
      <div data-testid="check-result" aria-live="polite">
        <CheckResult raw={raw.value} />
      </div>
    </section>
  );
}

/**
 * Keeps digits or a plate left to right inside a right-to-left sentence (Arabic), with Unicode
 * isolates (LRI … PDI) that screen readers skip, as the report form does.
 */
const ltr = (value: string) => `\u2066${value}\u2069`;

const sameIdentifier = (a: Identifier, b: Identifier) => a.kind === b.kind && a.value === b.value;

/** Problems with their own message; any other unreadable input gets the general one. */
const PROBLEMS = new Set(['several-numbers', 'unknown-site']);

function CheckResult({ raw }: { raw: string }) {
  if (raw.trim() === '') return <p class="hint">{t('ext.check.hint')}</p>;

  const loaded = checker.value;
  // Before the check index is read, the quick check answers full identifiers (see below).
  const quick = loaded ? null : quickChecker.value;
  const read = loaded?.read ?? quick?.read;
  if (!read) return <p class="loading">{t('ext.check.loading')}</p>;
  const reading = read(raw);
  // A short digit run or plate start is checked as the partial it stands for (as well as
  // whatever it reads as whole, e.g. a username), never answered with a false "no reports".
  // Partials need the check index.
  const phrases = partialPhrases(raw);
  if (phrases.length > 0 && !loaded) {
    readIndexNow();
    return <p class="loading">{t('ext.check.loading')}</p>;
  }
  // Pasted text that shows in another order than it is stored (a number written backwards
  // behind a right-to-left override shows as the real one) is also read as it shows.
  const shown = (loaded ?? quick)?.shown?.(raw).map((order) => read(order.text)) ?? [];
  const readings = [reading, ...phrases.map((phrase) => read(phrase)), ...shown].filter(
    (r, i, all): r is Extract<IdentifierReading, { ok: true }> =>
      r.ok &&
      // Once each: a partial can read as the whole input does.
      all.findIndex((o) => o.ok && sameIdentifier(o.identifier, r.identifier)) === i,
  );
  if (readings.length === 0) {
    if (!reading.ok && PROBLEMS.has(reading.reason)) {
      return (
        <p class="unreadable" data-answer="unreadable">
          {t(`ext.check.problem.${reading.reason}`)}
        </p>
      );
    }
    return (
      <p class="unreadable" data-answer="unreadable">
        {t('ext.check.unreadable')}
      </p>
    );
  }

  const readAs = readings.map((r) => (
    <p class="read-as" key={`${r.identifier.kind}:${r.identifier.value}`}>
      {t('ext.check.read-as', { kind: t(`identifier.${r.identifier.kind}`) })}{' '}
      {r.part ? (
        // The reader's words ("ends in" is English in `readAs`), the digits kept left to right.
        <strong>{t(`ext.check.part.${r.part.at}`, { value: ltr(r.part.shown) })}</strong>
      ) : (
        <strong dir="ltr">{r.readAs}</strong>
      )}
    </p>
  ));
  const identifiers = readings.map((r) => r.identifier);
  const key = JSON.stringify(identifiers);
  // The same Matches (same key, same place) goes on showing the quick answer once the checker
  // is read, until the checker's own answer replaces it: no "Loading" in between.
  const source: Checker | QuickChecker = loaded ?? quick!;
  return (
    <>
      {readAs}
      <Matches key={key} source={source} search={(now) => source.check(identifiers, now)} />
    </>
  );
}

function NoReports() {
  return (
    <div class="no-reports" role="status" data-answer="none">
      <p class="headline">{t('ext.check.no-reports')}</p>
      <p>{t('ext.check.not-safe')}</p>
      <LeftOutNote />
    </div>
  );
}

/** What a check found: the matches, and whether they are all of them. */
type Found = { alerts: AlertContent[]; complete: boolean } | null;

/**
 * The alerts a check found, read from the store by `search` (the quick check's, or the check
 * index's hits). "No reports" only from a complete answer; anything less stays "Loading".
 */
function Matches({
  source,
  search,
}: {
  source: Checker | QuickChecker;
  search: (now: number) => Promise<Found>;
}) {
  const found = useSignal<Found>(null);
  // Started as soon as this is on screen, not a frame later (useEffect waits for a paint).
  // Again when the source changes (the checker replaces the quick check): the answer shown
  // stays until the new one arrives.
  useLayoutEffect(() => {
    let current = true;
    void search(Date.now()).then(
      (answer) => {
        if (current && answer) found.value = answer;
      },
      // The store could not be read: say nothing rather than a "no reports" that is not known.
      () => undefined,
    );
    return () => {
      current = false;
    };
    // The key of this component is the identifiers: a new check is a new component.
  }, [source]);

  const answer = found.value;
  if (answer === null || (answer.alerts.length === 0 && !answer.complete)) {
    return <p class="loading">{t('ext.check.loading')}</p>;
  }
  if (answer.alerts.length === 0) return <NoReports />;
  const bySeverity = [...answer.alerts].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity),
  );
  return (
    <>
      <p class="match-headline" role="alert" data-answer="matches">
        {t('ext.check.matches', { count: bySeverity.length })}
      </p>
      {bySeverity.map((alert) => (
        <AlertCard key={alert.id} alert={alert} />
      ))}
      {answer.complete ? null : <p class="loading">{t('ext.check.loading')}</p>}
    </>
  );
}
