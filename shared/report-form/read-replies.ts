import { parseCode, type CodeProblem } from '../protocol/code.js';
import { openReply, receiptId, replyKeyPair, type Reply } from '../protocol/receipt.js';
import type { RelayClient } from '../relay-client.js';
import { wipe } from '../encoding/bytes.js';

/**
 * Reading the scheme's replies with a receipt code: the code gives the reply key pair, its public
 * half gives the relay's receipt id, and each reply opens only with the code and carries the
 * scheme's signature (checked against the verified directory).
 */

/** The replies, or why they could not be read. */
export type RepliesResult =
  { ok: true; replies: Reply[] } | { ok: false; problem: CodeProblem | 'offline' };

/** Fetches and opens the replies for a typed receipt code, oldest first. */
export async function readReplies(
  typed: string,
  relay: Pick<RelayClient, 'replies'>,
  signingKeyOf: (scheme: string) => Uint8Array | undefined,
): Promise<RepliesResult> {
  const parsed = parseCode(typed);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };

  const pair = replyKeyPair(parsed.code);
  wipe(pair.secretKey);
  let answer: Awaited<ReturnType<RelayClient['replies']>>;
  try {
    answer = await relay.replies(receiptId(pair.publicKey));
  } catch {
    return { ok: false, problem: 'offline' };
  }

  const opened = await Promise.all(
    answer.replies.map((r) => openReply(r.envelope, parsed.code, signingKeyOf)),
  );
  const replies = opened.filter((r): r is Reply => r !== null).sort((a, b) => a.sentAt - b.sentAt);
  return { ok: true, replies };
}
