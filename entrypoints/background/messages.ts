import type { JoinProblem } from '../../shared/sync/index.js';
import type { NetworkConfigProblem } from '../../shared/network-config.js';
import type { IdentifyAnswer, IdentifyRequest } from '../../shared/page-scan/identify-texts.js';

/**
 * Messages between the popup, the page scanner and the service worker. Nothing here travels
 * over the network: `runtime.sendMessage` stays inside the browser. Senders other than this
 * extension's own pages and content scripts are ignored by the worker.
 */
export type ExtensionRequest =
  | { type: 'umn:join'; code: string }
  | { type: 'umn:set-network'; relayUrl: string; rootKey: string }
  | { type: 'umn:sync' }
  | { type: 'umn:settings-changed' }
  | { type: 'umn:alerts-read' }
  | { type: 'umn:erase' }
  | ({ type: 'umn:identify' } & IdentifyRequest);

/** The worker's answer to each request type. */
export interface ExtensionReplies {
  'umn:join': { ok: true; schemeName: string } | { ok: false; problem: JoinProblem };
  'umn:set-network': { ok: true } | { ok: false; problem: NetworkConfigProblem | 'built-in' };
  'umn:sync': { ok: boolean; added: number; changed: number };
  'umn:settings-changed': { ok: true };
  'umn:alerts-read': { ok: true };
  'umn:erase': { ok: boolean };
  'umn:identify': IdentifyAnswer;
}

/** Sends a request to the service worker and returns its typed answer. */
export async function askWorker<T extends ExtensionRequest>(
  send: (message: unknown) => Promise<unknown>,
  request: T,
): Promise<ExtensionReplies[T['type']]> {
  return (await send(request)) as ExtensionReplies[T['type']];
}
