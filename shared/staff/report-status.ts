/**
 * Where a report is in its scheme's handling. The order is the usual path; staff can move a
 * report to any status (a closed report can be reopened).
 */
export const REPORT_STATUSES = ['new', 'in-review', 'alerted', 'referred', 'closed'] as const;

/** A report's handling status. */
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * Statuses after which the relay may forget the envelope: it is acknowledged then, so the relay
 * deletes it after its retention period. Until then every staff device can still fetch it.
 */
export const HANDLED_STATUSES: readonly ReportStatus[] = ['alerted', 'referred', 'closed'];
