import type { AlertContent } from '../../shared/domain/alert.js';
import { describeAlert } from './describe-alert.js';
import { t, uiLocale } from './ui-locale.js';

/**
 * One alert in plain words: how serious, what happened, where, when, how old, and the advice.
 * The scheme's free text is shown as text under its own label, never as markup.
 */
export function AlertCard({ alert, compact = false }: { alert: AlertContent; compact?: boolean }) {
  const words = describeAlert(alert, uiLocale.value);
  return (
    <article class={`alert-card severity-${words.severityCode}`} data-testid="alert-card">
      <header>
        <span class="severity">{words.severity}</span>
        <span class="age">{words.age}</span>
      </header>
      <p class="what">{words.what}</p>
      <dl>
        <dt>{t('ext.alert.where')}</dt>
        <dd>{words.where}</dd>
        <dt>{t('ext.alert.when')}</dt>
        <dd>{words.when}</dd>
      </dl>
      {!compact && words.advice.length > 0 && (
        <ul class="advice" aria-label={t('ext.alert.advice')}>
          {words.advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {!compact && words.description && (
        <blockquote class="description">
          <span class="label">{t('ext.alert.scheme-words')}</span>
          {words.description}
        </blockquote>
      )}
    </article>
  );
}
