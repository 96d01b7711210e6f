import { receiptId, sealReply } from '../protocol/receipt.js';
import type { SchemeSecrets } from '../protocol/keys.js';
import type { ReportContent } from '../domain/report.js';
import { fromBase64UrlExact } from '../encoding/bytes.js';
import type { RelayClient } from '../relay-client.js';

/**
 * Replies to a reporter through their receipt: encrypted to the reply key in the report (only
 * the receipt code's holder can read it) and signed by the scheme inside the box.
 */

/** Why a reply cannot be sent. */
export type ReplyRefusal = 'no-consent' | 'no-reply-key' | 'empty' | 'too-long';

/** True when the reporter can be answered (consent and a well-formed reply key). */
export function canReply(report: ReportContent): boolean {
  return report.consent.reply && fromBase64UrlExact(report.replyKey, 32) !== null;
}

/** Sends a reply; a refusal when the report does not allow one. Throws RelayError on relay trouble. */
export async function replyToReporter(
  relay: Pick<RelayClient, 'postReply'>,
  secrets: SchemeSecrets,
  report: ReportContent,
  text: string,
  now = Date.now(),
): Promise<{ ok: true } | { ok: false; reason: ReplyRefusal }> {
  if (!report.consent.reply) return { ok: false, reason: 'no-consent' };
  const replyKey = fromBase64UrlExact(report.replyKey, 32);
  if (!replyKey) return { ok: false, reason: 'no-reply-key' };
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'empty' };
  if (trimmed.length > 4000) return { ok: false, reason: 'too-long' };

  const envelope = sealReply(
    { v: 1, scheme: secrets.scheme, sentAt: now, text: trimmed },
    replyKey,
    secrets.signing.secretKey,
  );
  await relay.postReply(secrets, receiptId(replyKey), envelope);
  return { ok: true };
}
