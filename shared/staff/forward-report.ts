import { sealReport } from '../protocol/report-envelope.js';
import type { DirectoryScheme } from '../protocol/directory.js';
import type { ReportContent } from '../domain/report.js';
import { fromBase64UrlExact } from '../encoding/bytes.js';
import type { RelayClient } from '../relay-client.js';

/**
 * Forwarding a report to another scheme in the directory, re-sealed to that scheme's box key.
 * Refused unless the reporter agreed to sharing with other schemes. The copy keeps the same id
 * (forwarding twice is idempotent at the relay) and drops the reporter's police contact: an
 * identified police report is made by the scheme the reporter chose, not by whoever it reaches.
 */

/** Why a forward was refused before anything was sent. */
export type ForwardRefusal = 'no-consent' | 'same-scheme' | 'scheme-not-active';

/** Schemes a report may be forwarded to: active ones other than the sender. */
export function forwardTargets(
  schemes: readonly DirectoryScheme[],
  from: string,
): DirectoryScheme[] {
  return schemes.filter((s) => s.id !== from && s.status === 'active');
}

/** Forwards a report; returns a refusal, or the relay's answer. Throws RelayError on relay trouble. */
export async function forwardReport(
  relay: Pick<RelayClient, 'submitReport'>,
  report: ReportContent,
  target: DirectoryScheme,
): Promise<{ ok: true } | { ok: false; reason: ForwardRefusal }> {
  if (!report.consent.otherSchemes) return { ok: false, reason: 'no-consent' };
  if (target.id === report.scheme) return { ok: false, reason: 'same-scheme' };
  if (target.status !== 'active') return { ok: false, reason: 'scheme-not-active' };

  const boxKey = fromBase64UrlExact(target.boxKey, 32);
  if (!boxKey) throw new TypeError('forwardReport: the directory entry has no valid box key');
  const copy: ReportContent = { ...report, scheme: target.id, reporterContact: '' };
  await relay.submitReport(sealReport(copy, boxKey));
  return { ok: true };
}
