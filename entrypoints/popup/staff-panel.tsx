import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AlertContent } from '../../shared/domain/alert.js';
import { draftAlertFromReport, finaliseAlert } from '../../shared/staff/alert-draft.js';
import { publishMessage } from '../../shared/staff/alert-publish.js';
import type { SavedDraft } from '../../shared/staff/draft-store.js';
import type { InboxEntry } from '../../shared/staff/inbox-store.js';
import { lockSession, readSession, touchSession } from '../../shared/staff/staff-session.js';
import { createWorkspace, type StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { loadStaffEnv, onSessionChange, type StaffEnv } from '../staff/staff-env.js';
import { loadStaffLocale, t } from '../staff/staff-i18n.js';
import '../staff/staff-panel.css';
import { QuickAlert } from '../staff/quick-alert.js';
import { UnlockView } from '../staff/unlock-view.js';

/**
 * The popup's Staff tab, for on-call staff away from a desk: unlock, unread count, approve a
 * drafted alert, or publish an urgent one from a new report in a few taps. Every publish shows
 * the alert as members will read it first. The full staff page does everything else.
 */
export function StaffPanel() {
  const [env, setEnv] = useState<StaffEnv | null | 'missing'>(null);
  const [workspace, setWorkspace] = useState<StaffWorkspace | null | undefined>(undefined);

  async function load(current: StaffEnv) {
    const session = await readSession(current.area);
    setWorkspace(
      session ? createWorkspace(session, current.relay, current.directory, current.db) : null,
    );
  }

  useEffect(() => {
    let stop = () => {};
    void (async () => {
      await loadStaffLocale();
      const loaded = await loadStaffEnv();
      if (!loaded.ok) return setEnv('missing');
      setEnv(loaded.env);
      await load(loaded.env);
      stop = onSessionChange(() => void load(loaded.env));
    })();
    return () => stop();
  }, []);

  if (env === 'missing') return <p class="hint">{t('app.no-directory')}</p>;
  if (!env || workspace === undefined) return <p role="status">{t('app.loading')}</p>;
  if (!workspace) {
    return (
      <section class="staff-panel" data-testid="staff-panel">
        <UnlockView
          directory={env.directory}
          relay={env.relay}
          area={env.area}
          db={env.db}
          compact
          onUnlocked={() => void load(env)}
        />
      </section>
    );
  }
  return <UnlockedPanel env={env} workspace={workspace} />;
}

export default StaffPanel;

function UnlockedPanel({ env, workspace }: { env: StaffEnv; workspace: StaffWorkspace }) {
  const [unread, setUnread] = useState<number | null>(null);
  const [drafts, setDrafts] = useState<SavedDraft[]>([]);
  const [urgent, setUrgent] = useState<InboxEntry[]>([]);
  const [done, setDone] = useState('');

  async function refresh() {
    await workspace.inbox.sync(workspace.relay).catch(() => undefined);
    // Colleagues' statuses and drafts: a report a colleague alerted is not offered again.
    await workspace.journal.sync();
    const entries = await workspace.inbox.list();
    setUnread(entries.filter((e) => !e.read).length);
    const saved = await workspace.drafts.list();
    // A report with a draft waiting is approved from the draft, not offered twice.
    const drafted = new Set(saved.map((d) => d.reportId));
    setDrafts(saved);
    setUrgent(
      entries.filter(
        (e) =>
          e.status === 'new' &&
          !drafted.has(e.id) &&
          e.report?.consent.workerAlert &&
          (e.severity === 'critical' || e.severity === 'high'),
      ),
    );
  }

  useEffect(() => {
    void refresh();
    void touchSession(env.area);
  }, [workspace]);

  async function publish(alert: AlertContent, reportId: string, fromDraft: boolean) {
    try {
      await publishMessage(workspace.relay, workspace.session.secrets, finaliseAlert(alert));
      await workspace.record('publish-alert', alert.id);
      if (fromDraft) await workspace.drafts.remove(alert.id);
      await workspace.inbox.update(reportId, { status: 'alerted', read: true });
      await workspace.relay
        .ackReports(workspace.session.secrets, [reportId])
        .catch(() => undefined);
      // Alerted: the blind matching tokens of the report are withdrawn (docs/staff.md).
      await workspace.matcher.withdraw(reportId);
      await refresh();
      setDone(t('panel.published'));
    } catch {
      setDone(t('panel.failed'));
    }
  }

  return (
    <section
      class="staff-panel"
      data-testid="staff-panel"
      onPointerDown={() => void touchSession(env.area)}
    >
      <p>
        <strong>{workspace.scheme.name}</strong>
      </p>
      {unread !== null && <p data-testid="staff-unread">{t('panel.unread', { count: unread })}</p>}
      <div class="inline">
        <button
          type="button"
          data-testid="open-staff-page"
          onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/staff.html') })}
        >
          {t('panel.open-page')}
        </button>
        <button
          type="button"
          data-testid="staff-lock"
          onClick={() => void workspace.record('lock').then(() => lockSession(env.area))}
        >
          {t('app.lock')}
        </button>
      </div>
      {done && (
        <p role="status" data-testid="panel-status">
          {done}
        </p>
      )}

      <h3>{t('panel.drafts')}</h3>
      {drafts.length === 0 && <p class="hint">{t('panel.no-drafts')}</p>}
      {drafts.map((draft) => (
        <QuickAlert
          key={draft.alert.id}
          alert={draft.alert}
          action={t('panel.approve')}
          testId="approve-draft"
          onPublish={(alert) => publish(alert, draft.reportId, true)}
        />
      ))}

      <h3>{t('panel.urgent')}</h3>
      {urgent.length === 0 && <p class="hint">{t('panel.no-urgent')}</p>}
      {urgent.map((entry) => {
        const started =
          entry.report && draftAlertFromReport(entry.report, workspace.scheme.regions);
        if (!started || !started.ok) return null;
        return (
          <QuickAlert
            key={entry.id}
            alert={started.draft}
            action={t('panel.publish-urgent')}
            testId="publish-urgent"
            editable
            onPublish={(alert) => publish(alert, entry.id, false)}
          />
        );
      })}
    </section>
  );
}
