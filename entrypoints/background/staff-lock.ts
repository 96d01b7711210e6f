import { browser } from 'wxt/browser';
import { createLogger } from '../../shared/logger.js';
import { browserSessionArea } from '../../shared/staff/session-area.js';
import { SESSION_KEY, lockIfIdle, lockSession } from '../../shared/staff/staff-session.js';
import { updateStaffBadge } from './staff-badge.js';

/**
 * The staff tools' background duties, started by importing this module from the service
 * worker: lock the staff session after inactivity (an alarm every minute, so a session left
 * open on a shared device closes itself even with no staff page open), lock at browser start
 * (session storage is memory-only already; this covers a browser that restores it), and keep
 * the unread-report badge while unlocked.
 */

const log = createLogger('staff');
const STAFF_ALARM = 'umn-staff';

async function tick(): Promise<void> {
  const area = browserSessionArea();
  if (await lockIfIdle(area)) log.debug('staff-locked-idle');
  await updateStaffBadge();
}

async function ensureAlarm(): Promise<void> {
  if (await browser.alarms.get(STAFF_ALARM)) return;
  await browser.alarms.create(STAFF_ALARM, { periodInMinutes: 1 });
}

function startStaffBackground(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === STAFF_ALARM) void tick().catch(() => log.error('staff-tick-failed'));
  });
  browser.runtime.onStartup.addListener(() => {
    void lockSession(browserSessionArea()).catch(() => log.error('staff-lock-failed'));
  });
  // Unlocking and locking change the badge at once, not at the next tick.
  browser.storage.session.onChanged.addListener((changes) => {
    const change = changes[SESSION_KEY];
    if (change && (change.oldValue === undefined || change.newValue === undefined)) {
      void updateStaffBadge().catch(() => log.error('staff-badge-failed'));
    }
  });
  void ensureAlarm().catch(() => log.error('staff-alarm-failed'));
  // Unlocked secrets live in storage.session: make sure content scripts (which run on web pages)
  // can never read it, whatever changed the access level before. This is Chromium's default.
  void browser.storage.session
    .setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
    .catch(() => log.error('staff-session-access-failed'));
}

// Listeners must be added synchronously when the worker starts (MV3). The guard keeps the build,
// which loads entrypoints outside a browser, from touching extension APIs.
if (typeof browser !== 'undefined' && browser?.alarms) startStaffBackground();
