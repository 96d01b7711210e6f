import { signal } from '@preact/signals';
import type { UnreadableAlerts } from '../../shared/sync/index.js';
import { memberState } from './member-storage.js';
import { t } from './ui-locale.js';

/**
 * The warning of a device left out of a members' key rotation: the service worker records
 * alerts it could not open (shared/sync/left-out.ts); while that holds, the check tab says so
 * and a "no reports" answer carries the warning, because it may be missing alerts.
 */

/** The stored record, or undefined when this device reads every alert it is sent. */
export const unreadableAlerts = signal<UnreadableAlerts | undefined>(undefined);

/** Reads the record again (at opening, and after each sync the popup asks for). */
export async function loadUnreadable(): Promise<void> {
  unreadableAlerts.value = await memberState.unreadable().catch(() => undefined);
}

/** The banner on the check tab, with the way out: join again with a new invite code. */
export function LeftOutBanner({ onJoinAgain }: { onJoinAgain: () => void }) {
  if (!unreadableAlerts.value) return null;
  return (
    <section class="left-out" role="status" data-testid="left-out">
      <p class="headline">{t('ext.left-out.title')}</p>
      <p>{t('ext.left-out.body')}</p>
      <p>{t('ext.left-out.ask')}</p>
      <button type="button" data-testid="left-out-join-again" onClick={onJoinAgain}>
        {t('ext.left-out.join-again')}
      </button>
    </section>
  );
}

/** The line a "no reports" answer carries while the record holds. */
export function LeftOutNote() {
  if (!unreadableAlerts.value) return null;
  return (
    <p class="left-out-note" data-testid="left-out-note">
      {t('ext.left-out.check-note')}
    </p>
  );
}
