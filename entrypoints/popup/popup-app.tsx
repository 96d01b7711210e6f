import { useSignal } from '@preact/signals';
import { lazy, Suspense } from 'preact/compat';
import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { builtInNetwork } from '../../shared/network-config.js';
import { createJoinDraft, OnboardingFlow } from '../onboarding/onboarding-flow.js';
import { CheckPanel } from './check-panel.js';
import { LeaveNetwork } from './leave-network.js';
import { LeftOutBanner, unreadableAlerts } from './left-out.js';
import { RecentAlerts } from './recent-alerts.js';
import { shownName } from './shown-name.js';
import { SiteToggle } from './site-toggle.js';
import { t } from './ui-locale.js';
import { dropAlertIndex, reloadAlertIndex } from './use-alert-index.js';

/**
 * The popup: onboarding until the worker has joined, then tabs for checking a client, recent
 * alerts, page flagging on this site, settings, and the staff panel when the build has one.
 */

// The staff engineer's panel, if it exists in this build (an optional module, loaded lazily so
// the worker's popup does not pay for it on first paint).
const staffModules = import.meta.glob<{ default?: ComponentType; StaffPanel?: ComponentType }>(
  './staff-panel.tsx',
);
const loadStaff = staffModules['./staff-panel.tsx'];

// Settings verify the stored directory (the crypto core): loaded when the tab is opened.
const SettingsForm = lazy(async () => ({
  default: (await import('../options/settings-form.js')).SettingsForm,
}));
const StaffPanel = loadStaff
  ? lazy(async () => {
      const module = await loadStaff();
      const component = module.default ?? module.StaffPanel;
      return { default: component ?? (() => null) };
    })
  : null;

type Tab = 'check' | 'alerts' | 'settings' | 'staff';

/** What the popup knows before its first paint. */
export interface PopupStart {
  member: boolean;
  needsNetwork: boolean;
  regions: string[];
  pendingCheck: string;
}

export function PopupApp({ start }: { start: PopupStart }) {
  const member = useSignal(start.member);
  const tab = useSignal<Tab>('check');
  const joinedScheme = useSignal('');
  const needsNetwork = useSignal(start.needsNetwork);
  const leaving = useSignal(false);
  // Outlives the join form, which "I am scheme staff" unmounts and mounts again folded.
  const joinDraft = useSignal(createJoinDraft(start.needsNetwork));

  // After "leave and erase": nothing of the old membership stays on screen or in memory.
  const erased = () => {
    member.value = false;
    needsNetwork.value = !builtInNetwork();
    leaving.value = false;
    joinDraft.value = createJoinDraft(needsNetwork.value);
    joinedScheme.value = '';
    tab.value = 'check';
    unreadableAlerts.value = undefined;
    // The index worker stops, and the index it read goes with it.
    dropAlertIndex();
  };

  if (!member.value) {
    const onboarding = (
      <OnboardingFlow
        needsNetwork={needsNetwork.value}
        draft={joinDraft.value}
        onJoined={(name) => {
          joinedScheme.value = name;
          member.value = true;
          tab.value = 'check';
          // Read afresh: an index read before this device left must not answer for it.
          void reloadAlertIndex();
        }}
      />
    );
    return (
      <main class="popup">{StaffPanel ? <StaffEntry onboarding={onboarding} /> : onboarding}</main>
    );
  }

  const tabs: Tab[] = ['check', 'alerts', 'settings', ...(StaffPanel ? ['staff' as const] : [])];
  return (
    <main class="popup">
      <nav role="tablist" aria-label={shownName()}>
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            data-testid={`tab-${name}`}
            aria-selected={tab.value === name}
            onClick={() => (tab.value = name)}
          >
            {t(`ext.tab.${name}`)}
          </button>
        ))}
      </nav>
      {joinedScheme.value && (
        <p class="joined" role="status" data-testid="joined">
          {t('ext.join.done', { scheme: joinedScheme.value })}
        </p>
      )}
      <div role="tabpanel">
        {tab.value === 'check' && (
          <>
            {leaving.value ? (
              <LeaveNetwork confirming onErased={erased} onCancel={() => (leaving.value = false)} />
            ) : (
              <LeftOutBanner onJoinAgain={() => (leaving.value = true)} />
            )}
            <CheckPanel initial={start.pendingCheck} />
            <SiteToggle />
          </>
        )}
        {tab.value === 'alerts' && <RecentAlerts regions={start.regions} />}
        {tab.value === 'settings' && (
          <Suspense fallback={<p class="loading">{t('ext.check.loading')}</p>}>
            <SettingsForm />
          </Suspense>
        )}
        {tab.value === 'settings' && <LeaveNetwork onErased={erased} />}
        {tab.value === 'staff' && <StaffTab />}
      </div>
      <footer>
        <button type="button" class="link" data-testid="open-report" onClick={openReport}>
          {t('ext.report.open')}
        </button>
      </footer>
    </main>
  );
}

/** True when the staff tools were used on this device (their database exists). */
async function staffUsedHere(): Promise<boolean> {
  // The staff database's code (and idb) stays out of the popup's first load.
  const [{ STAFF_DB_NAME }, databases] = await Promise.all([
    import('../../shared/staff/staff-db.js'),
    indexedDB.databases?.().catch(() => []),
  ]);
  return (databases ?? []).some((db) => db.name === STAFF_DB_NAME);
}

/**
 * Before joining, a worker sees only the invite form: the staff tools sit behind a small
 * "I am scheme staff" link, opened directly on a device where staff already used them. Once
 * open, the staff part comes first and the join form folds away below it: most staff are not
 * workers, and on a phone the form pushed the unlock out of view (user trial at 390 px).
 */
function StaffEntry({ onboarding }: { onboarding: ComponentChildren }) {
  const open = useSignal(false);
  useEffect(() => {
    void staffUsedHere().then((used) => {
      if (used) open.value = true;
    });
  }, []);
  if (open.value) {
    return (
      <>
        <StaffTab />
        <details class="join-folded" data-testid="join-folded">
          <summary>{t('ext.onboarding.title')}</summary>
          {onboarding}
        </details>
      </>
    );
  }

  return (
    <>
      {onboarding}
      <p class="staff-entry">
        <button
          type="button"
          class="link"
          data-testid="i-am-staff"
          onClick={() => (open.value = true)}
        >
          {t('ext.join.staff-link')}
        </button>
      </p>
    </>
  );
}

function StaffTab() {
  if (!StaffPanel) return null;
  return (
    <Suspense fallback={<p class="loading">{t('ext.check.loading')}</p>}>
      <StaffPanel />
    </Suspense>
  );
}

function openReport() {
  // The report page (entrypoints/report) renders the same form as the widget, same outbox.
  const url = (browser.runtime.getURL as (path: string) => string)('/report.html');
  void browser.tabs.create({ url });
  window.close();
}
