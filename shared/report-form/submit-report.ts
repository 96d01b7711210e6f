import type { ReportContent } from '../domain/report.js';
import { createReceipt } from '../protocol/receipt.js';
import { sealReport } from '../protocol/report-envelope.js';
import type { Outbox } from '../outbox.js';
import type { SchemeDirectory, SchemeProblem } from './scheme-directory.js';

/**
 * Sending a finished report: tidy it, make a receipt when the reporter lets the scheme reply,
 * seal it to the scheme's box key, put the sealed envelope in the outbox, then try to deliver.
 * The envelope is on disk before the first byte goes out, so a dropped connection only delays it.
 */

/** What happened to a report after pressing send. */
export type SubmitOutcome =
  | {
      ok: true;
      /** The receipt code to show. Replies can reach it only when the reporter allowed them. */
      receiptCode: string;
      /** True when the relay already acknowledged it; false when it waits in the outbox. */
      delivered: boolean;
    }
  | { ok: false; problem: SchemeProblem };

/** The report as it will be sealed: empty list entries dropped, unconsented fields emptied. */
export function finalReport(report: ReportContent, replyKey: string, now: number): ReportContent {
  const keep = (values: string[]) => values.map((v) => v.trim()).filter((v) => v !== '');
  return {
    ...report,
    createdAt: now,
    who: {
      ...report.who,
      phones: keep(report.who.phones),
      emails: keep(report.who.emails),
      handles: keep(report.who.handles),
    },
    reporterContact: report.consent.policeIdentified ? report.reporterContact.trim() : '',
    replyKey: report.consent.reply ? replyKey : '',
  };
}

/** Seals `report`, queues it and tries to deliver it once. */
export async function submitReport(
  report: ReportContent,
  deps: { directory: SchemeDirectory; outbox: Outbox; now?: () => number },
): Promise<SubmitOutcome> {
  // The directory this page verified in the last ten minutes is good enough to seal with: the
  // report must reach the outbox at once, not after a fetch a stalled network may never finish.
  const keys = await deps.directory.keys({ maxAgeMs: 600_000 });
  if (!keys.ok) return keys;

  // Every report gets a receipt (the reporter's reassurance that it went); only a reporter who
  // lets the scheme reply gets its reply key into the report, so without consent no reply can
  // ever be sealed to them.
  const receipt = createReceipt();
  const final = finalReport(report, receipt.replyKey, (deps.now ?? Date.now)());
  await deps.outbox.add(sealReport(final, keys.boxKey));

  const result = await deps.outbox.flush({ force: true });
  return {
    ok: true,
    receiptCode: receipt.code.text,
    delivered: result.delivered.includes(final.id),
  };
}
