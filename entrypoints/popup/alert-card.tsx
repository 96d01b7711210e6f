import type { AlertContent } from '../../shared/domain/alert.js';
import type { Identifier } from '../../shared/domain/codes.js';
import { formatPhone } from '../../shared/identifiers/index.js';
import { displayText } from '../../shared/text/index.js';
import { describeAlert } from './describe-alert.js';
import { t, uiLocale } from './ui-locale.js';

/** An identifier as people read it: phone numbers grouped (`+44 7700 900123`), others as stored. */
export function identifierText(identifier: Identifier): string {
  return identifier.kind === 'phone'
    ? formatPhone(identifier.value)
    : displayText(identifier.value);
}

/**
 * One alert in plain words: who it is about (the numbers, emails, handles and plates), how
 * serious, what happened, where, when, how old, and the advice. The scheme's free text is shown
 * as text under its own label, never as markup.
 */
export function AlertCard({ alert }: { alert: AlertContent }) {
  const words = describeAlert(alert, uiLocale.value);
  return (
    <article class={`alert-card severity-${words.severityCode}`} data-testid="alert-card">
      <header>
        <span class="severity">{words.severity}</span>
        <span class="age">{words.age}</span>
      </header>
      {alert.identifiers.length > 0 && (
        <ul class="identifiers" aria-label={t('ext.alert.about')} data-testid="alert-identifiers">
          {alert.identifiers.map((identifier) => (
            <li key={`${identifier.kind}:${identifier.value}`}>
              <span class="kind">{t(`identifier.${identifier.kind}`)}</span>{' '}
              <strong dir="ltr">{identifierText(identifier)}</strong>
            </li>
          ))}
        </ul>
      )}
      <p class="what">{words.what}</p>
      <dl>
        <dt>{t('ext.alert.where')}</dt>
        <dd dir="auto">{words.where}</dd>
        <dt>{t('ext.alert.when')}</dt>
        <dd>{words.when}</dd>
      </dl>
      {words.advice.length > 0 && (
        <ul class="advice" aria-label={t('ext.alert.advice')}>
          {words.advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {words.description && (
        <blockquote class="description" dir="auto">
          <span class="label">{t('ext.alert.scheme-words')}</span> {words.description}
        </blockquote>
      )}
    </article>
  );
}
