import { useEffect, useState } from 'preact/hooks';
import { displayText } from '../../shared/text/index.js';
import type { AlertContent } from '../../shared/domain/alert.js';
import { formatDate } from '../../shared/i18n/index.js';
import { correctionOf, expiryOf } from '../../shared/staff/alert-draft.js';
import { publishMessage, retractionOf } from '../../shared/staff/alert-publish.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { code, staffLocale, t } from './staff-i18n.js';

/** Props of the published-alerts view. */
export interface AlertsViewProps {
  workspace: StaffWorkspace;
  onCorrect: (correction: AlertContent) => void;
}

/** The scheme's current alerts, with correct, expire now and retract. */
export function AlertsView({ workspace, onCorrect }: AlertsViewProps) {
  const [alerts, setAlerts] = useState<AlertContent[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [done, setDone] = useState('');

  async function load(fresh = false) {
    try {
      setAlerts(await workspace.ownAlerts(fresh));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }

  useEffect(() => {
    void load(true);
  }, [workspace]);

  async function retract(alert: AlertContent) {
    if (!window.confirm(t('alerts.confirm-retract'))) return;
    await act(
      () => publishMessage(workspace.relay, workspace.session.secrets, retractionOf(alert)),
      'retract-alert',
      alert.id,
      t('alerts.retracted'),
    );
  }

  async function expire(alert: AlertContent) {
    await act(
      () => publishMessage(workspace.relay, workspace.session.secrets, expiryOf(alert)),
      'expire-alert',
      alert.id,
      t('alerts.expired'),
    );
  }

  async function act(
    send: () => Promise<unknown>,
    action: 'retract-alert' | 'expire-alert',
    id: string,
    message: string,
  ) {
    try {
      await send();
      await workspace.record(action, id);
      setDone(message);
      await load(true);
    } catch {
      setDone(t('alerts.failed'));
    }
  }

  return (
    <section class="alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      {done && (
        <p role="status" data-testid="alerts-status">
          {done}
        </p>
      )}
      {failed && <p class="error">{t('alerts.offline')}</p>}
      {alerts?.length === 0 && <p>{t('alerts.none')}</p>}
      <ul class="rows">
        {alerts?.map((alert) => (
          <li key={alert.id} class="card" data-testid="own-alert">
            <p>
              <strong>{code(`severity.${alert.severity}`)}</strong> ·{' '}
              {alert.incidentTypes.map((i) => code(`incident.${i}`)).join(', ')} ·{' '}
              {alert.area || t('inbox.no-area')}
            </p>
            <p class="hint">
              {t('alerts.issued', {
                date: formatDate(staffLocale.value, alert.issuedAt),
                date2: formatDate(staffLocale.value, alert.expiresAt),
                revision: alert.revision,
              })}
            </p>
            {alert.description && (
              <p class="free-text" dir="auto">
                {displayText(alert.description)}
              </p>
            )}
            <div class="inline">
              <button
                type="button"
                data-testid="correct-alert"
                onClick={() => onCorrect(correctionOf(alert, {}))}
              >
                {t('alerts.correct')}
              </button>
              <button type="button" data-testid="expire-alert" onClick={() => void expire(alert)}>
                {t('alerts.expire')}
              </button>
              <button
                type="button"
                class="danger"
                data-testid="retract-alert"
                onClick={() => void retract(alert)}
              >
                {t('alerts.retract')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
