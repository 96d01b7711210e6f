import { openEnrolmentKeyDb, type EnrolmentKeyDb } from '../../shared/staff/enrolment-keys.js';
import { shareKeptEnrolmentKeys } from '../../shared/staff/invite-keys.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';

let opened: Promise<EnrolmentKeyDb> | null = null;
const shared = new WeakMap<StaffWorkspace, Promise<void>>();

/** This device's store of invite enrolment keys kept before the journal carried them. */
export function enrolmentKeyDb(): Promise<EnrolmentKeyDb> {
  opened ??= openEnrolmentKeyDb();
  return opened;
}

/**
 * Publishes the enrolment keys this device kept to the staff journal, once per unlock (the
 * Workers' devices view waits for it, so a device it lists is checked with them). Never throws:
 * a failure leaves the keys kept, and the next unlock tries again.
 */
export function shareKeptKeys(workspace: StaffWorkspace): Promise<void> {
  let done = shared.get(workspace);
  if (!done) {
    done = enrolmentKeyDb()
      .then((db) =>
        shareKeptEnrolmentKeys(db, workspace.journal, workspace.relay, workspace.session.secrets),
      )
      .then(
        () => undefined,
        () => undefined,
      );
    shared.set(workspace, done);
  }
  return done;
}
