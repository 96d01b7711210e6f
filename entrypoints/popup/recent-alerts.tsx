import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { StoredAlert } from '../../shared/alert-store.js';
import { inRegions } from '../../shared/sync/member-state.js';
import { AlertCard, loadPhoneFormat } from './alert-card.js';
import { t } from './ui-locale.js';
import { alertsVersion } from './use-alert-index.js';

/**
 * The newest alerts in the worker's regions, readable at a glance (severity colour first).
 * Opening the list counts as having seen them: the badge is cleared.
 */
export function RecentAlerts({ regions }: { regions: string[] }) {
  const alerts = useSignal<StoredAlert[] | null>(null);
  const everywhere = useSignal(false);

  useEffect(() => {
    let stop = false;
    void (async () => {
      // The store's code and the phone formatter load when the tab is opened, not with the
      // popup's first paint; the list waits for both, so its numbers show grouped at once.
      const [{ openAlertStore }] = await Promise.all([
        import('../../shared/alert-store.js'),
        loadPhoneFormat(),
      ]);
      const store = await openAlertStore();
      const now = Date.now();
      const inPlace = everywhere.value
        ? () => true
        : (a: StoredAlert['alert']) => inRegions(a.regions, regions);
      // Expired ones are not shown, even before the service worker deletes them.
      const found = await store.recent(30, (a) => a.expiresAt > now && inPlace(a));
      store.close();
      if (!stop) alerts.value = found;
      await browser.runtime.sendMessage({ type: 'umn:alerts-read' }).catch(() => undefined);
    })();
    return () => {
      stop = true;
    };
    // Read again when the alerts change while the popup is open.
  }, [regions.join('|'), everywhere.value, alertsVersion.value]);

  return (
    <section class="recent" aria-label={t('ext.recent.title')}>
      <label class="inline">
        <input
          type="checkbox"
          checked={everywhere.value}
          onChange={(e) => (everywhere.value = e.currentTarget.checked)}
        />
        {t('ext.recent.all-regions')}
      </label>
      {alerts.value === null && <p class="loading">{t('ext.check.loading')}</p>}
      {alerts.value?.length === 0 && <p class="hint">{t('ext.recent.none')}</p>}
      {alerts.value?.map((stored) => (
        <div key={stored.id} class={stored.unread ? 'unread' : ''}>
          <AlertCard alert={stored.alert} />
        </div>
      ))}
    </section>
  );
}
