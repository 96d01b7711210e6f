import { useEffect, useState } from 'preact/hooks';
import type { InboxEntry } from '../../shared/staff/inbox-store.js';
import {
  HANDLED_STATUSES,
  REPORT_STATUSES,
  type ReportStatus,
} from '../../shared/staff/report-status.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { ConsentPanel } from './consent-panel.js';
import { ForwardPanel } from './forward-panel.js';
import { MatchesPanel } from './matches-panel.js';
import { ReferralPanel } from './referral-panel.js';
import { ReplyPanel } from './reply-panel.js';
import { ReportDetails } from './report-details.js';
import { t } from './staff-i18n.js';

/** Props of the report view. */
export interface ReportViewProps {
  workspace: StaffWorkspace;
  id: string;
  onBack: () => void;
  onDraftAlert: (entry: InboxEntry) => void;
}

/**
 * One report: what the reporter agreed to in one compact block (it decides what may be done),
 * then their own account, which staff read first, then matches, the alert, handling and the
 * other actions.
 */
export function ReportView({ workspace, id, onBack, onDraftAlert }: ReportViewProps) {
  const [entry, setEntry] = useState<InboxEntry | null | undefined>(undefined);
  const [notes, setNotes] = useState('');

  useEffect(() => {
    void (async () => {
      const found = await workspace.inbox.get(id);
      const read = found && !found.read ? await workspace.inbox.update(id, { read: true }) : found;
      setEntry(read);
      setNotes(read?.notes ?? '');
      if (read) await workspace.record('open-report', id);
      // Publishes this report's blind tokens if the inbox fetch could not (once per unlock).
      if (read) void workspace.matcher.sync(read).catch(() => undefined);
    })();
  }, [workspace, id]);

  if (entry === undefined) return <p role="status">{t('inbox.loading')}</p>;
  if (!entry?.report) return <p class="error">{t('report.missing')}</p>;
  const report = entry.report;

  async function setStatus(status: ReportStatus) {
    // The status travels in the staff journal, which is also the audit entry.
    const updated = await workspace.inbox.update(id, { status });
    setEntry(updated);
    if (HANDLED_STATUSES.includes(status)) {
      await workspace.relay.ackReports(workspace.session.secrets, [id]).catch(() => undefined);
      await workspace.matcher.withdraw(id);
    } else if (updated) {
      await workspace.matcher.sync(updated);
    }
  }

  async function saveNotes() {
    setEntry(await workspace.inbox.update(id, { notes }));
  }

  return (
    <section class="report-view" aria-labelledby="report-title">
      <div class="toolbar">
        <button type="button" onClick={onBack}>
          {t('report.back')}
        </button>
        <h2 id="report-title">{t('report.title')}</h2>
      </div>
      <ConsentPanel consent={report.consent} />
      <ReportDetails report={report} />
      <MatchesPanel workspace={workspace} report={report} />
      <section class="alert-action card">
        <h3>{t('report.alert')}</h3>
        {report.consent.workerAlert ? (
          <button
            type="button"
            class="primary"
            data-testid="draft-alert"
            onClick={() => onDraftAlert(entry)}
          >
            {t('report.draft-alert')}
          </button>
        ) : (
          <p data-testid="no-alert">{t('report.no-alert-consent')}</p>
        )}
      </section>
      <section class="handling card">
        <h3>{t('report.handling')}</h3>
        <label>
          {t('inbox.status')}
          <select
            data-testid="report-status"
            value={entry.status}
            onChange={(e) => void setStatus(e.currentTarget.value as ReportStatus)}
          >
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('report.notes')}
          <textarea rows={3} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        </label>
        <button type="button" onClick={() => void saveNotes()} disabled={notes === entry.notes}>
          {t('report.save-notes')}
        </button>
      </section>
      <ForwardPanel workspace={workspace} report={report} />
      <ReferralPanel workspace={workspace} report={report} />
      <ReplyPanel workspace={workspace} report={report} />
    </section>
  );
}
