import { createRelayClient } from '../shared/relay-client.js';
import { createReportConnection, type ReportConnection } from '../shared/report-form/connection.js';

/**
 * The widget's network side, loaded after the form's first render (a separate chunk holding
 * tweetnacl, the relay client and the protocol).
 */
export function connectWidget(
  relayUrl: string,
  rootKey: Uint8Array,
  scheme: string,
): ReportConnection {
  const relay = createRelayClient(relayUrl);
  let cache: Storage | null = null;
  try {
    cache = window.localStorage;
  } catch {
    // Blocked storage (sandboxed frame, strict privacy settings): no directory cache.
  }
  return createReportConnection({ relay, rootKey, scheme, cache });
}
