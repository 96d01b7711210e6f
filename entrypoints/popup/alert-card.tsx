import { signal } from '@preact/signals';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { Identifier } from '../../shared/domain/codes.js';
import { displayText } from '../../shared/text/index.js';
import { describeAlert } from './describe-alert.js';
import { t, uiLocale } from './ui-locale.js';

// formatPhone lives with the phone reader (libphonenumber-js and its metadata, ~180 kB), which
// the popup's first paint must not wait for (issue #7). main.tsx loads it just after that paint,
// with the check's own reader, and the recent list waits for it, so a card is not seen
// regrouping its numbers; a card shown before it is loaded asks for it.
const formatPhone = signal<((e164: string) => string) | null>(null);
let phoneFormatLoad: Promise<void> | null = null;

/** Loads the phone formatter for alert cards; resolves when cards group numbers. */
export function loadPhoneFormat(): Promise<void> {
  phoneFormatLoad ??= import('../../shared/identifiers/index.js').then(
    (identifiers) => {
      formatPhone.value = identifiers.formatPhone;
    },
    () => {
      // A chunk that failed to load: numbers stay as stored (+447700900123); try again later.
      phoneFormatLoad = null;
    },
  );
  return phoneFormatLoad;
}

/**
 * An identifier as people read it: phone numbers grouped (`+44 7700 900123`) once the formatter
 * is loaded (stored E.164 until then), others as stored.
 */
export function identifierText(identifier: Identifier): string {
  const format = formatPhone.value;
  return identifier.kind === 'phone' && format
    ? format(identifier.value)
    : displayText(identifier.value);
}

/**
 * One alert in plain words: who it is about (the numbers, emails, handles and plates), how
 * serious, what happened, where, when, how old, and the advice. The scheme's free text is shown
 * as text under its own label, never as markup.
 */
export function AlertCard({ alert }: { alert: AlertContent }) {
  const words = describeAlert(alert, uiLocale.value);
  if (!formatPhone.value) void loadPhoneFormat();
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
        <blockquote class="description">
          <span class="label">{t('ext.alert.scheme-words')}</span>
          {/* Their own direction, from their own first letters: in an Arabic popup an English
              description keeps its full stop at its end. */}
          <span class="words" dir="auto">
            {words.description}
          </span>
        </blockquote>
      )}
    </article>
  );
}
