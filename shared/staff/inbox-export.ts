import type { InboxEntry } from './inbox-store.js';
import { toCsv } from './csv.js';

/**
 * The inbox as a CSV file for a scheme's own records: handling facts only (when, status,
 * severity, incident types, area, consent). No identifiers, narrative or reporter contact: a
 * spreadsheet copy is the easiest thing to lose, so it carries nothing that names anyone.
 */
export function inboxCsv(entries: readonly InboxEntry[]): string {
  const header = [
    'received',
    'status',
    'severity',
    'incident types',
    'area',
    'setting',
    'alert consent',
    'other schemes consent',
    'police intelligence consent',
    'police identified consent',
    'reply consent',
  ];
  const rows = entries.map((e) => {
    const r = e.report;
    return [
      new Date(e.receivedAt).toISOString(),
      e.status,
      e.severity ?? 'unreadable',
      r ? r.incidentTypes.join(' ') : '',
      r ? r.where.area : '',
      r ? r.where.setting : '',
      r ? r.consent.workerAlert : '',
      r ? r.consent.otherSchemes : '',
      r ? r.consent.policeIntelligence : '',
      r ? r.consent.policeIdentified : '',
      r ? r.consent.reply : '',
    ];
  });
  return toCsv(header, rows);
}
