import { browser } from 'wxt/browser';
import { createRelayClient } from '../../shared/relay-client.js';
import { createInbox } from '../../shared/staff/inbox-store.js';
import { browserSessionArea } from '../../shared/staff/session-area.js';
import { openStaffDb } from '../../shared/staff/staff-db.js';
import { readSession } from '../../shared/staff/staff-session.js';
import { updateBadge } from './attention.js';
import { currentNetwork, state } from './extension-context.js';

/**
 * Unread reports for on-call staff: while the staff tools are unlocked, the worker fetches new
 * report envelopes into the sealed inbox and shows the unread count on the badge (blue, so it
 * is not mistaken for the red alert count; a grey dot in discreet mode). Locked, or nothing unread, the worker's own alert
 * badge comes back. The count is also kept in session memory for the popup's staff tab.
 *
 * Known limit: the worker's alert badge (attention.ts) can overwrite this count until the next
 * staff tick (a minute); one badge owner composing both counts would fix it.
 */

/** Where the unread count is kept for the popup (memory-only, like the session). */
export const STAFF_UNREAD_KEY = 'staff:unread';

/** Syncs the inbox when unlocked and updates the badge; returns the unread count (0 if locked). */
export async function updateStaffBadge(): Promise<number> {
  const area = browserSessionArea();
  const session = await readSession(area);
  const network = session && (await currentNetwork());
  if (!session || !network) {
    await area.remove(STAFF_UNREAD_KEY);
    await updateBadge().catch(() => undefined);
    return 0;
  }

  const inbox = createInbox(await openStaffDb(), session.secrets);
  await inbox.sync(createRelayClient(network.relayUrl)).catch(() => undefined);
  const unread = await inbox.unreadCount();
  await area.set(STAFF_UNREAD_KEY, unread);
  if (unread === 0) {
    await updateBadge().catch(() => undefined);
    return 0;
  }
  // Discreet mode (the default) shows a grey dot, as for alerts: a count of reports on a shared
  // screen says what the browser is used for. The staff tab has the number.
  const { discreet } = await state.settings();
  await browser.action.setBadgeText({ text: staffBadgeText(unread, discreet) });
  await browser.action.setBadgeBackgroundColor({ color: discreet ? '#6b7280' : '#2949a8' });
  return unread;
}

/** The badge for `unread` reports (more than none). */
export function staffBadgeText(unread: number, discreet: boolean): string {
  return discreet ? '•' : unread > 99 ? '99+' : String(unread);
}
