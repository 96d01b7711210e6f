import { displayText } from '../../shared/text/index.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import { formatDate, formatRelative, translate, type Locale } from '../../shared/i18n/index.js';

/**
 * An alert in plain words, in the worker's language: the same wording in the popup, the page
 * card and notifications. Coded fields are translated; the scheme's free-text description is
 * passed through as text (never as HTML) and marked as the scheme's own words by the caller.
 */
export interface AlertWords {
  /** "Critical", "Low"… */
  severity: string;
  severityCode: AlertContent['severity'];
  /** "Physical assault, Robbery or theft" */
  what: string;
  /** "Incall (your place), Leeds" or "Area not given" */
  where: string;
  /** "14 Mar 2026" or "Date not given" */
  when: string;
  /** "3 days ago" (since the alert was issued) */
  age: string;
  /** One sentence per advice code. */
  advice: string[];
  /** The scheme's own words, possibly empty. */
  description: string;
}

/** Describes `alert` for `locale` at time `now`. */
export function describeAlert(alert: AlertContent, locale: Locale, now = Date.now()): AlertWords {
  const t = (key: string) => translate(locale, key);
  const what = alert.incidentTypes.map((type) => t(`incident.${type}`)).join(', ');
  const place = [alert.setting ? t(`setting.${alert.setting}`) : '', displayText(alert.area)]
    .filter(Boolean)
    .join(', ');
  return {
    severity: t(`severity.${alert.severity}`),
    severityCode: alert.severity,
    what: what || t('ext.alert.what-unknown'),
    where: place || t('ext.alert.where-unknown'),
    when: alert.incidentDate ? formatDate(locale, alert.incidentDate) : t('ext.alert.when-unknown'),
    age: formatRelative(locale, alert.issuedAt, now),
    advice: alert.advice.map((code) => t(`advice.${code}`)),
    description: displayText(alert.description),
  };
}

/** Severity order for sorting matches, most serious first. */
export function severityRank(severity: AlertContent['severity']): number {
  return { critical: 0, high: 1, medium: 2, low: 3 }[severity];
}
