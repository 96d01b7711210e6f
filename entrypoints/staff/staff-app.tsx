import { useEffect, useState } from 'preact/hooks';
import type { AlertContent } from '../../shared/domain/alert.js';
import { draftAlertFromReport, type UnreadIdentifier } from '../../shared/staff/alert-draft.js';
import type { InboxEntry } from '../../shared/staff/inbox-store.js';
import { toBase64Url } from '../../shared/encoding/bytes.js';
import { finishPassphraseChange } from '../../shared/staff/passphrase-change.js';
import { lockSession, readSession, touchSession } from '../../shared/staff/staff-session.js';
import { DevicesView } from './devices-view.js';
import { shareKeptKeys } from './enrolment-key-db.js';
import { createWorkspace, type StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { AlertEditor } from './alert-editor.js';
import { AlertsView } from './alerts-view.js';
import { AuditView } from './audit-view.js';
import { BulletinView } from './bulletin-view.js';
import { InboxView } from './inbox-view.js';
import { InvitesView } from './invites-view.js';
import { ReportView } from './report-view.js';
import { StaffMembersView } from './staff-members-view.js';
import { onSessionChange, type StaffEnv } from './staff-env.js';
import { t } from './staff-i18n.js';
import { UnlockView } from './unlock-view.js';

type View =
  | { name: 'inbox' }
  | { name: 'report'; id: string }
  | {
      name: 'editor';
      draft: AlertContent;
      reportId: string | null;
      mode: 'new' | 'correct';
      unread: UnreadIdentifier[];
    }
  | { name: 'alerts' }
  | { name: 'invites' }
  | { name: 'bulletin' }
  | { name: 'audit' }
  | { name: 'members' }
  | { name: 'devices' };

const TABS = ['inbox', 'alerts', 'invites', 'devices', 'bulletin', 'members', 'audit'] as const;
const TOUCH_EVERY = 20_000;

/**
 * The full-tab staff page: unlock, then inbox → report → alert editor → publish, and the
 * scheme's alerts, invites, bulletin and audit log. Locks when the session disappears (idle
 * alarm, the popup's lock button, browser close).
 */
export function StaffApp({ env }: { env: StaffEnv }) {
  const [workspace, setWorkspace] = useState<StaffWorkspace | null | undefined>(undefined);
  const [view, setView] = useState<View>({ name: 'inbox' });

  async function loadSession() {
    const session = await readSession(env.area);
    setWorkspace((current) => {
      if (!session) return null;
      // Keep the same workspace (and its caches) while the same vault stays unlocked under the
      // same passphrase (a changed one gives a new journal seed: passphrase-change.ts).
      if (
        current &&
        current.session.staff === session.staff &&
        current.session.scheme === session.scheme &&
        toBase64Url(current.session.staffSeed) === toBase64Url(session.staffSeed)
      ) {
        return current;
      }
      return createWorkspace(session, env.relay, env.directory, env.db);
    });
  }

  useEffect(() => {
    void loadSession();
    return onSessionChange(() => void loadSession());
  }, [env]);

  // Invite keys this device kept before the journal carried them go to the journal once; a new
  // vault the relay did not take after a passphrase change is sent again.
  useEffect(() => {
    if (!workspace) return;
    void shareKeptKeys(workspace);
    const { session, journal, relay } = workspace;
    void finishPassphraseChange({ session, journal, relay, db: env.db });
  }, [workspace]);

  // Activity keeps the session open; reading a long report counts as activity too.
  useEffect(() => {
    if (!workspace) return;
    let last = 0;
    const touch = () => {
      if (Date.now() - last < TOUCH_EVERY) return;
      last = Date.now();
      void touchSession(env.area);
    };
    const events = ['pointerdown', 'keydown', 'scroll', 'pointermove'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [workspace, env]);

  // A new view starts at its top: the last view's scroll would open a report or the editor part
  // way down, which on a phone hides its heading (user trial at 390 px).
  // On a phone the tabs scroll sideways in one row: keep the current one in sight.
  useEffect(() => {
    window.scrollTo(0, 0);
    document
      .querySelector('header.bar nav [aria-current="page"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [view]);

  if (workspace === undefined) return <p role="status">{t('app.loading')}</p>;
  if (workspace === null) {
    return (
      <main class="staff locked">
        <UnlockView
          directory={env.directory}
          relay={env.relay}
          area={env.area}
          db={env.db}
          onUnlocked={async () => {
            // The session listener may show the unlocked page first; never undo a click made
            // there by switching the view or the workspace again afterwards.
            setView({ name: 'inbox' });
            const session = await readSession(env.area);
            const opened = session && createWorkspace(session, env.relay, env.directory, env.db);
            if (!opened) return;
            setWorkspace((current) => current ?? opened);
            await opened.record('unlock');
          }}
        />
      </main>
    );
  }

  async function lock() {
    await workspace?.record('lock');
    await lockSession(env.area);
    setWorkspace(null);
  }

  function draftFrom(entry: InboxEntry) {
    if (!entry.report || !workspace) return;
    const started = draftAlertFromReport(entry.report, workspace.scheme.regions);
    if (!started.ok) return;
    setView({
      name: 'editor',
      draft: started.draft,
      reportId: entry.id,
      mode: 'new',
      unread: started.unread,
    });
  }

  const current = view.name === 'report' || view.name === 'editor' ? 'inbox' : view.name;
  return (
    <main class="staff">
      <header class="bar">
        <h1 class="scheme" data-testid="staff-unlocked">
          {workspace.scheme.name}
        </h1>
        <nav aria-label={t('app.nav')}>
          {TABS.map((tab) => (
            <button
              key={tab}
              type="button"
              aria-current={current === tab ? 'page' : undefined}
              data-testid={`nav-${tab}`}
              onClick={() => setView({ name: tab } as View)}
            >
              {t(`nav.${tab}`)}
            </button>
          ))}
        </nav>
        <button type="button" class="lock" data-testid="staff-lock" onClick={() => void lock()}>
          {t('app.lock')}
        </button>
      </header>
      {view.name === 'inbox' && (
        <InboxView workspace={workspace} onOpen={(id) => setView({ name: 'report', id })} />
      )}
      {view.name === 'report' && (
        <ReportView
          workspace={workspace}
          id={view.id}
          onBack={() => setView({ name: 'inbox' })}
          onDraftAlert={draftFrom}
        />
      )}
      {view.name === 'editor' && (
        <AlertEditor
          workspace={workspace}
          initial={view.draft}
          reportId={view.reportId}
          mode={view.mode}
          unread={view.unread}
          onDone={() => setView(view.mode === 'new' ? { name: 'inbox' } : { name: 'alerts' })}
        />
      )}
      {view.name === 'alerts' && (
        <AlertsView
          workspace={workspace}
          onCorrect={(draft) =>
            setView({ name: 'editor', draft, reportId: null, mode: 'correct', unread: [] })
          }
        />
      )}
      {view.name === 'invites' && <InvitesView workspace={workspace} />}
      {view.name === 'bulletin' && <BulletinView workspace={workspace} />}
      {view.name === 'members' && (
        <StaffMembersView workspace={workspace} area={env.area} db={env.db} />
      )}
      {view.name === 'devices' && <DevicesView workspace={workspace} area={env.area} />}
      {view.name === 'audit' && <AuditView workspace={workspace} />}
    </main>
  );
}
