import type { Consent } from '../../shared/domain/report.js';
import { t } from './staff-i18n.js';

const CHOICES: (keyof Consent)[] = [
  'workerAlert',
  'otherSchemes',
  'policeIntelligence',
  'policeIdentified',
  'reply',
];

/**
 * The reporter's choices, shown before anything else in a report. Compact (a few short lines on
 * a phone) so the reporter's own account is in view right after it. Each choice says Yes or No
 * in words, not only in colour.
 */
export function ConsentPanel({ consent }: { consent: Consent }) {
  return (
    <section class="consent card" data-testid="consent" aria-labelledby="consent-title">
      <h3 id="consent-title">{t('consent.title')}</h3>
      <ul>
        {CHOICES.map((choice) => (
          <li key={choice} class={consent[choice] ? 'yes' : 'no'} data-consent={choice}>
            <strong>{consent[choice] ? t('consent.yes') : t('consent.no')}</strong>{' '}
            {t(`consent.${choice}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
