import { useEffect, useState } from 'preact/hooks';
import { SEVERITIES } from '../../shared/domain/codes.js';
import { formatRelative } from '../../shared/i18n/index.js';
import { displayText } from '../../shared/text/index.js';
import { filterInbox, type InboxFilter } from '../../shared/staff/inbox-filter.js';
import type { InboxEntry } from '../../shared/staff/inbox-store.js';
import { inboxCsv } from '../../shared/staff/inbox-export.js';
import { REPORT_STATUSES } from '../../shared/staff/report-status.js';
import type { JournalSync } from '../../shared/staff/staff-journal.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { downloadText } from './download.js';
import { code, staffLocale, t } from './staff-i18n.js';

/** Props of the inbox. */
export interface InboxViewProps {
  workspace: StaffWorkspace;
  onOpen: (id: string) => void;
}

const REFRESH_MS = 60_000;

/** The scheme's reports: newest first, with status, severity, age, search and filters. */
export function InboxView({ workspace, onOpen }: InboxViewProps) {
  const [entries, setEntries] = useState<InboxEntry[] | null>(null);
  const [filter, setFilter] = useState<InboxFilter>({ text: '', status: '', severity: '' });
  const [problem, setProblem] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [discardNote, setDiscardNote] = useState('');
  const [shared, setShared] = useState<JournalSync | null>(null);

  async function refresh() {
    setProblem('');
    try {
      await workspace.inbox.sync(workspace.relay);
    } catch {
      setProblem(t('inbox.offline'));
    }
    // Colleagues' statuses and notes, and this device's actions still waiting to be sent.
    setShared(await workspace.journal.sync());
    const listed = await workspace.inbox.list();
    setEntries(listed);
    // Blind matching: other schemes learn only that some report here names these identifiers.
    void workspace.matcher.syncAll(listed).catch(() => undefined);
  }

  useEffect(() => {
    void refresh();
    // Colleagues' changes arrive without a click too (the journal is one small signed read).
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [workspace]);

  async function exportCsv() {
    if (!entries) return;
    downloadText(
      `reports-${new Date().toISOString().slice(0, 10)}.csv`,
      inboxCsv(entries),
      'text/csv',
    );
    await workspace.record('export-inbox');
  }

  async function discardUnreadable() {
    setConfirming(false);
    try {
      const { discarded } = await workspace.inbox.discardUnreadable(workspace.relay);
      await workspace.record('discard-unreadable', String(discarded));
      setDiscardNote(t('inbox.discarded', { count: discarded }));
    } catch {
      setDiscardNote(t('inbox.discard-offline'));
    }
    setEntries(await workspace.inbox.list());
  }

  const shown = entries ? filterInbox(entries, filter) : [];
  const unreadable = entries?.filter((e) => !e.report).length ?? 0;

  return (
    <section class="inbox" aria-labelledby="inbox-title">
      <div class="toolbar">
        <h2 id="inbox-title">{t('inbox.title')}</h2>
        <button type="button" data-testid="inbox-refresh" onClick={() => void refresh()}>
          {t('inbox.refresh')}
        </button>
        <button type="button" onClick={() => void exportCsv()} disabled={!entries?.length}>
          {t('inbox.export')}
        </button>
      </div>
      {shared && <SharedLine sync={shared} />}
      <div class="filters">
        <label>
          {t('inbox.search')}
          <input
            type="search"
            data-testid="inbox-search"
            value={filter.text}
            onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('inbox.status')}
          <select
            value={filter.status}
            onChange={(e) =>
              setFilter({ ...filter, status: e.currentTarget.value as InboxFilter['status'] })
            }
          >
            <option value="">{t('inbox.any')}</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('inbox.severity')}
          <select
            value={filter.severity}
            onChange={(e) =>
              setFilter({ ...filter, severity: e.currentTarget.value as InboxFilter['severity'] })
            }
          >
            <option value="">{t('inbox.any')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {code(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {problem && (
        <p class="error" role="status">
          {problem}
        </p>
      )}
      {entries === null && <p role="status">{t('inbox.loading')}</p>}
      {entries && entries.length === 0 && <p>{t('inbox.empty')}</p>}
      {unreadable > 0 && (
        <div class="warning" data-testid="unreadable-warning">
          <p>{t('inbox.unreadable', { count: unreadable })}</p>
          {confirming ? (
            <>
              <p>{t('inbox.discard-confirm')}</p>
              <div class="inline">
                <button
                  type="button"
                  data-testid="discard-unreadable-yes"
                  onClick={() => void discardUnreadable()}
                >
                  {t('inbox.discard-yes', { count: unreadable })}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  {t('inbox.discard-cancel')}
                </button>
              </div>
            </>
          ) : (
            <button
              type="button"
              data-testid="discard-unreadable"
              onClick={() => setConfirming(true)}
            >
              {t('inbox.discard-unreadable')}
            </button>
          )}
        </div>
      )}
      {discardNote && <p role="status">{discardNote}</p>}
      <ul class="rows">
        {shown.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              class={`row${entry.read ? '' : ' unread'}`}
              data-testid="report-row"
              disabled={!entry.report}
              onClick={() => onOpen(entry.id)}
            >
              <span class={`severity ${entry.severity ?? 'unknown'}`}>
                {entry.severity ? code(`severity.${entry.severity}`) : t('inbox.unreadable-row')}
              </span>
              <span class="what">
                {entry.report?.incidentTypes.map((i) => code(`incident.${i}`)).join(', ') ||
                  t('inbox.no-type')}
              </span>
              <span class="where" dir="auto">
                {displayText(entry.report?.where.area ?? '') || t('inbox.no-area')}
              </span>
              <span class="status" data-testid="report-row-status">
                {t(`status.${entry.status}`)}
              </span>
              <span class="age">{formatRelative(staffLocale.value, entry.receivedAt)}</span>
              {!entry.read && <span class="new-dot">{t('inbox.unread')}</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Whether this device is in step with colleagues (the staff journal), in one line. */
function SharedLine({ sync }: { sync: JournalSync }) {
  if (sync.ok && sync.pending === 0) {
    return (
      <p class="hint" data-testid="journal-state">
        {t('inbox.shared-ok')}
      </p>
    );
  }
  const message = sync.ok
    ? t('inbox.shared-pending', { count: sync.pending })
    : t(`inbox.shared-${sync.reason}`, { count: sync.pending });
  return (
    <p class="error" role="status" data-testid="journal-state">
      {message}
    </p>
  );
}
