import type { Severity } from '../domain/codes.js';
import type { InboxEntry } from './inbox-store.js';
import type { ReportStatus } from './report-status.js';

/** What staff narrow the inbox by. Empty fields do not filter. */
export interface InboxFilter {
  text?: string;
  status?: ReportStatus | '';
  severity?: Severity | '';
}

/**
 * Filters inbox entries by status, severity and a case-insensitive text search over the area,
 * identifiers, narrative, description and staff notes. Runs in memory on decrypted reports:
 * nothing about the search leaves the page.
 */
export function filterInbox(entries: readonly InboxEntry[], filter: InboxFilter): InboxEntry[] {
  const needle = (filter.text ?? '').trim().toLocaleLowerCase();
  return entries.filter((entry) => {
    if (filter.status && entry.status !== filter.status) return false;
    if (filter.severity && entry.severity !== filter.severity) return false;
    if (!needle) return true;
    return searchableText(entry).includes(needle);
  });
}

function searchableText(entry: InboxEntry): string {
  const r = entry.report;
  const parts = [entry.notes];
  if (r) {
    parts.push(
      r.where.area,
      r.narrative,
      r.who.description,
      r.who.nameUsed,
      r.who.vehicle.plate,
      r.who.vehicle.make,
      ...r.who.phones,
      ...r.who.emails,
      ...r.who.handles,
      ...r.incidentTypes,
    );
    // Digits only too, so "07700900123" finds "07700 900 123".
    parts.push(...r.who.phones.map((p) => p.replace(/\D/g, '')));
  }
  return parts.join('\n').toLocaleLowerCase();
}
