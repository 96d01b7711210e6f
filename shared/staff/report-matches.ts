import { createAlertIndex } from '../alert-index.js';
import type { AlertContent } from '../domain/alert.js';
import type { ReportContent } from '../domain/report.js';
import { reportIdentifiers } from './alert-draft.js';

/**
 * Earlier alerts naming the same client as a report: each of the report's identifiers is read
 * as its kind (so any spelling of a number matches) and looked up in a local index of the
 * network's current alerts. Runs in memory; nothing about the report is sent anywhere.
 */
export function matchingAlerts(
  report: ReportContent,
  alerts: readonly AlertContent[],
): AlertContent[] {
  const { identifiers } = reportIdentifiers(report);
  if (identifiers.length === 0) return [];

  const index = createAlertIndex(alerts);
  const found = new Map<string, AlertContent>();
  for (const identifier of identifiers) {
    for (const alert of index.lookup(identifier)) found.set(`${alert.scheme}\n${alert.id}`, alert);
  }
  return [...found.values()].sort((a, b) => b.issuedAt - a.issuedAt);
}
