import type { ReportContent } from '../../shared/domain/report.js';
import { formatDate } from '../../shared/i18n/index.js';
import { displayText } from '../../shared/text/index.js';
import { code, staffLocale, t } from './staff-i18n.js';

/**
 * A language code as staff read it: "Romanian (ro)". The code stays beside the name, and stands
 * alone when the browser has no name for it (the report's field is the reporter's, not checked).
 */
function languageName(language: string): string {
  try {
    const name = new Intl.DisplayNames([staffLocale.value], { type: 'language' }).of(language);
    return name && name !== language ? `${name} (${language})` : language;
  } catch {
    return language;
  }
}

/**
 * The report as the reporter wrote it. Every value is rendered as text (Preact escapes it), so
 * markup in a hostile report shows as characters and never runs.
 */
export function ReportDetails({ report }: { report: ReportContent }) {
  const who = report.who;
  const vehicle = [who.vehicle.colour, who.vehicle.make, who.vehicle.plate].filter(Boolean);
  const rows: [string, string][] = [
    [t('report.types'), report.incidentTypes.map((i) => code(`incident.${i}`)).join(', ')],
    [
      t('report.when'),
      [
        report.when.date ? formatDate(staffLocale.value, report.when.date) : '',
        report.when.timeOfDay ? code(`time.${report.when.timeOfDay}`) : '',
      ]
        .filter(Boolean)
        .join(', '),
    ],
    [t('report.area'), report.where.area],
    [t('report.setting'), report.where.setting ? code(`setting.${report.where.setting}`) : ''],
    [t('report.phones'), who.phones.join(', ')],
    [t('report.emails'), who.emails.join(', ')],
    [t('report.handles'), who.handles.join(', ')],
    [t('report.vehicle'), vehicle.join(' ')],
    [t('report.name-used'), who.nameUsed],
    [t('report.description'), who.description],
    [t('report.language'), languageName(report.language)],
  ];
  return (
    <section class="details card" aria-labelledby="details-title">
      <h3 id="details-title">{t('report.details')}</h3>
      <dl>
        {rows
          .filter(([, value]) => value !== '')
          .map(([label, value]) => (
            <div key={label} class="field">
              <dt>{label}</dt>
              <dd data-testid="report-field" dir="auto">
                {displayText(value)}
              </dd>
            </div>
          ))}
      </dl>
      {report.narrative && (
        <>
          <h4>{t('report.narrative')}</h4>
          <p class="narrative" data-testid="report-narrative" dir="auto">
            {displayText(report.narrative)}
          </p>
        </>
      )}
    </section>
  );
}
