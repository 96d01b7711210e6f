import { useEffect, useState } from 'preact/hooks';
import { displayText } from '../../shared/text/index.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import type { ReportContent } from '../../shared/domain/report.js';
import { formatDate } from '../../shared/i18n/index.js';
import { matchingAlerts } from '../../shared/staff/report-matches.js';
import type { CrossSchemeAnswer } from '../../shared/staff/blind-matching.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import type { Identifier } from '../../shared/domain/codes.js';
import { identifierText } from './identifier-text.js';
import { code, staffLocale, t } from './staff-i18n.js';

/** "this number", "this email address"… as the cross-scheme sentence names the identifier. */
function kindText(identifier: Identifier): string {
  switch (identifier.kind) {
    case 'phone':
      return t('matches.kind-phone');
    case 'email':
      return t('matches.kind-email');
    case 'plate':
      return t('matches.kind-plate');
    default:
      return t('matches.kind-handle');
  }
}

/**
 * Earlier alerts naming the same client as this report, found automatically on opening, and
 * (asked blind, docs/staff.md) other schemes holding unpublished reports naming the same
 * identifiers.
 */
export function MatchesPanel({
  workspace,
  report,
}: {
  workspace: StaffWorkspace;
  report: ReportContent;
}) {
  const [matches, setMatches] = useState<AlertContent[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [others, setOthers] = useState<CrossSchemeAnswer | null>(null);

  useEffect(() => {
    let live = true;
    setMatches(null);
    setOthers(null);
    workspace.matcher
      .query(report)
      .then((answer) => live && setOthers(answer))
      .catch(() => live && setOthers({ status: 'offline' }));
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
              <bdi>{displayText(alert.area) || t('inbox.no-area')}</bdi> ·{' '}
              {schemeName(alert.scheme)} · {formatDate(staffLocale.value, alert.issuedAt)}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{t('matches.cross-scheme-note')}</p>
      <h4>{t('matches.other-title')}</h4>
      <div data-testid="cross-scheme">
        {others === null && <p role="status">{t('matches.other-loading')}</p>}
        {others?.status === 'offline' && <p class="error">{t('matches.other-offline')}</p>}
        {others?.status === 'no-key' && <p class="error">{t('matches.other-no-key')}</p>}
        {others?.status === 'ok' && others.matches.length === 0 && <p>{t('matches.other-none')}</p>}
        {others?.status === 'ok' && others.matches.length > 0 && (
          <>
            <ul>
              {others.matches.map((match) => (
                <li
                  key={`${match.identifier.kind}:${match.identifier.value}`}
                  data-testid="cross-scheme-match"
                >
                  <strong>{identifierText(match.identifier)}</strong>:{' '}
                  {t('matches.other-holds', {
                    schemes: match.schemes.map(schemeName).join(', '),
                    kind: kindText(match.identifier),
                  })}
                </li>
              ))}
            </ul>
            <p>{t('matches.other-action')}</p>
          </>
        )}
      </div>
    </section>
  );
}
