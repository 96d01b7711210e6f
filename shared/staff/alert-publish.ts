import { sealAlert } from '../protocol/alert-envelope.js';
import { currentMembersKey, type SchemeSecrets } from '../protocol/keys.js';
import type { AlertContent, AlertMessage, RetractionContent } from '../domain/alert.js';
import { toBase64Url } from '../encoding/bytes.js';
import { randomBytes } from '../crypto/random.js';
import type { RelayClient } from '../relay-client.js';

/**
 * Publishing is the one step that reaches every member: the message is signed by the scheme,
 * encrypted with the members' current key, and sent as a signed request. The relay sees only
 * the envelope. Throws RelayError from the relay client when the relay refuses or is offline.
 */
export async function publishMessage(
  relay: Pick<RelayClient, 'publishAlert'>,
  secrets: SchemeSecrets,
  message: AlertMessage,
): Promise<{ seq: number }> {
  if (message.scheme !== secrets.scheme) {
    throw new TypeError('publishMessage: a scheme can only publish its own alerts');
  }
  const envelope = sealAlert(
    message,
    secrets.signing.secretKey,
    currentMembersKey(secrets.members),
  );
  return relay.publishAlert(secrets, envelope);
}

/** A retraction of a published alert, issued now. */
export function retractionOf(alert: AlertContent, now = Date.now()): RetractionContent {
  return {
    v: 1,
    kind: 'retraction',
    id: toBase64Url(randomBytes(16)),
    scheme: alert.scheme,
    alertId: alert.id,
    issuedAt: now,
  };
}
