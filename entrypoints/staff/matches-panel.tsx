import { useEffect, useState } from 'preact/hooks';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { ReportContent } from '../../shared/domain/report.js';
import { formatDate } from '../../shared/i18n/index.js';
import { matchingAlerts } from '../../shared/staff/report-matches.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { code, staffLocale, t } from './staff-i18n.js';

/** Earlier alerts naming the same client as this report, found automatically on opening. */
export function MatchesPanel({
  workspace,
  report,
}: {
  workspace: StaffWorkspace;
  report: ReportContent;
}) {
  const [matches, setMatches] = useState<AlertContent[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setMatches(null);
    workspace
      .alertFeed()
      .then((feed) => live && setMatches(matchingAlerts(report, feed.alerts)))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [workspace, report]);

  const schemeName = (id: string) =>
    workspace.directory.schemes.find((s) => s.id === id)?.name ?? id;

  return (
    <section class="matches card" data-testid="matches" aria-labelledby="matches-title">
      <h3 id="matches-title">{t('matches.title')}</h3>
      {failed && <p class="error">{t('matches.offline')}</p>}
      {!failed && matches === null && <p role="status">{t('matches.loading')}</p>}
      {matches?.length === 0 && <p>{t('matches.none')}</p>}
      {matches && matches.length > 0 && (
        <ul>
          {matches.map((alert) => (
            <li key={`${alert.scheme}/${alert.id}`} data-testid="match">
              <strong>{code(`severity.${alert.severity}`)}</strong>{' '}
              {alert.incidentTypes.map((i) => code(`incident.${i}`)).join(', ')} ·{' '}
              {alert.area || t('inbox.no-area')} · {schemeName(alert.scheme)} ·{' '}
              {formatDate(staffLocale.value, alert.issuedAt)}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{t('matches.cross-scheme-note')}</p>
    </section>
  );
}
