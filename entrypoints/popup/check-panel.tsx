import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { AlertContent } from '../../shared/domain/alert.js';
import { AlertCard } from './alert-card.js';
import { severityRank } from './describe-alert.js';
import { t } from './ui-locale.js';
import { checker } from './use-alert-index.js';

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

function CheckResult({ raw }: { raw: string }) {
  if (raw.trim() === '') return <p class="hint">{t('ext.check.hint')}</p>;

  const loaded = checker.value;
  if (!loaded) return <p class="loading">{t('ext.check.loading')}</p>;
  const reading = loaded.read(raw);
  if (!reading.ok) return <p class="unreadable">{t('ext.check.unreadable')}</p>;

  const kind = t(`identifier.${reading.identifier.kind}`);
  const readAs = (
    <p class="read-as">
      {t('ext.check.read-as', { kind })} <strong dir="ltr">{reading.readAs}</strong>
    </p>
  );
  const now = Date.now();
  const found = loaded.index
    .lookup(reading.identifier)
    .filter((a: AlertContent) => a.expiresAt > now)
    .sort(
      (a: AlertContent, b: AlertContent) => severityRank(a.severity) - severityRank(b.severity),
    );
  if (found.length === 0) {
    return (
      <>
        {readAs}
        <div class="no-reports" role="status">
          <p class="headline">{t('ext.check.no-reports')}</p>
          <p>{t('ext.check.not-safe')}</p>
        </div>
      </>
    );
  }
  return (
    <>
      {readAs}
      <p class="match-headline" role="alert">
        {t('ext.check.matches', { count: found.length })}
      </p>
      {found.map((alert) => (
        <AlertCard key={alert.id} alert={alert} />
      ))}
    </>
  );
}
