import { browser } from 'wxt/browser';
import type { AlertContent } from '../../shared/domain/alert.js';
import { translate, type Locale } from '../../shared/i18n/index.js';
import { inRegions, type MemberSettings } from '../../shared/sync/index.js';
import { describeAlert } from '../popup/describe-alert.js';
import { alertStore, state } from './extension-context.js';
import { iconDataUrl } from './toolbar-look.js';
import { workerLocale } from './worker-locale.js';

/**
 * The badge and notifications for new alerts. Both are shown only for alerts in the worker's
 * regions. Notifications follow the worker's choice (all, serious only, off). A notification can
 * be seen by anyone near the screen, so by default it says only "1 new update": the incident and
 * place are shown only when the worker turned on detailed notifications (and never in discreet
 * mode, where the badge also shows a dot instead of a count).
 */

/** True when a new alert should notify under `settings`. */
export function shouldNotify(alert: AlertContent, settings: MemberSettings): boolean {
  if (settings.notify === 'off' || !inRegions(alert.regions, settings.regions)) return false;
  if (settings.notify === 'all') return true;
  return alert.severity === 'high' || alert.severity === 'critical';
}

/**
 * The badge for `unread` alerts. A device left out of a rotation (alerts it could not open)
 * shows "!" rather than an empty badge, which would read as "no new alerts".
 */
export function badgeText(unread: number, leftOut: boolean, discreet: boolean): string {
  if (unread === 0) return leftOut ? (discreet ? '•' : '!') : '';
  return discreet ? '•' : unread > 99 ? '99+' : String(unread);
}

/** Sets the badge to the number of unread alerts in the worker's regions. */
export async function updateBadge(): Promise<number> {
  const settings = await state.settings();
  // Not a member (before joining, or after "leave and erase"): no alerts, and the alert
  // database is not opened, which would create it again.
  const unread = (await state.membership())
    ? await (await alertStore()).unreadCount((a) => inRegions(a.regions, settings.regions))
    : 0;
  const leftOut = (await state.unreadable()) !== undefined;
  const text = badgeText(unread, leftOut, settings.discreet);
  await browser.action.setBadgeText({ text });
  await browser.action.setBadgeBackgroundColor({
    color: settings.discreet ? '#6b7280' : '#b91c1c',
  });
  return unread;
}

/** The words of the notification for `worth` (the alerts that warrant one). */
export function notificationText(
  worth: readonly AlertContent[],
  settings: Pick<MemberSettings, 'discreet' | 'detailedNotifications'>,
  locale: Locale,
): { title: string; message: string } {
  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  if (settings.discreet || !settings.detailedNotifications || worth.length === 0) {
    return {
      title: settings.discreet ? t('ext.discreet.name') : t('ext.notification.neutral-title'),
      message: t('ext.notification.neutral', { count: worth.length }),
    };
  }
  const first = describeAlert(worth[0]!, locale);
  return {
    title: t('ext.notification.title', { count: worth.length }),
    message: `${first.severity}: ${first.what} · ${first.where}`,
  };
}

/** Shows one notification for the new alerts that warrant it (none when muted). */
export async function notifyNewAlerts(added: readonly AlertContent[]): Promise<boolean> {
  const settings = await state.settings();
  const worth = added.filter((a) => shouldNotify(a, settings));
  if (worth.length === 0) return false;

  const options = notificationText(worth, settings, await workerLocale());
  await browser.notifications.create('umn-new-alerts', {
    type: 'basic',
    iconUrl: await iconDataUrl(settings.discreet ? 'discreet' : 'normal'),
    priority: worth.some((a) => a.severity === 'critical') ? 2 : 0,
    ...options,
  });
  return true;
}
