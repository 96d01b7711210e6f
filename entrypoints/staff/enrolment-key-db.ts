import { openEnrolmentKeyDb, type EnrolmentKeyDb } from '../../shared/staff/enrolment-keys.js';

let opened: Promise<EnrolmentKeyDb> | null = null;

/** This device's store of invite enrolment keys, opened once per page. */
export function enrolmentKeyDb(): Promise<EnrolmentKeyDb> {
  opened ??= openEnrolmentKeyDb();
  return opened;
}
