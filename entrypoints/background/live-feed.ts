import { createRelayClient } from '../../shared/relay-client.js';
import { createLogger } from '../../shared/logger.js';
import { alertStore, currentNetwork, state } from './extension-context.js';

/**
 * The live feed: a WebSocket to the relay while the browser runs, so a new alert arrives in
 * seconds. A message only says "something new": the worker then pulls from its stored cursor,
 * which verifies everything and cannot skip or repeat an alert. An open WebSocket with traffic
 * keeps the MV3 service worker alive (an EventSource does not, BROWSER-TESTING.md); a short
 * keep-alive message every 20 s provides that traffic. If the worker is stopped anyway, the
 * periodic alarm wakes it, pulls, and opens the socket again.
 */

const log = createLogger('live-feed');
const KEEPALIVE_MS = 20_000;
const RETRY_MS = [2_000, 10_000, 30_000, 120_000];

let socket: WebSocket | null = null;
let keepalive: ReturnType<typeof setInterval> | undefined;
let failures = 0;

/** Opens the socket if the member has none open; `onNews` runs when the relay announces alerts. */
export async function openLiveFeed(onNews: () => void): Promise<void> {
  if (socket && socket.readyState <= WebSocket.OPEN) return;
  const network = await currentNetwork();
  if (!network || !(await state.membership())) return;

  const after = await (await alertStore()).cursor();
  const url = createRelayClient(network.relayUrl).alertSocketUrl(after);
  let opened: WebSocket;
  try {
    opened = new WebSocket(url);
  } catch {
    log.debug('socket-refused');
    return;
  }
  socket = opened;

  opened.onopen = () => {
    failures = 0;
    clearInterval(keepalive);
    keepalive = setInterval(() => {
      if (opened.readyState === WebSocket.OPEN) opened.send('{"type":"ping"}');
    }, KEEPALIVE_MS);
    log.debug('socket-open');
  };
  opened.onmessage = () => onNews();
  opened.onclose = () => {
    if (socket === opened) socket = null;
    clearInterval(keepalive);
    const wait = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!;
    failures++;
    log.debug('socket-closed', { retryInMs: wait });
    setTimeout(() => void openLiveFeed(onNews), wait);
  };
}

/** Closes the socket (leaving the network, or a test). */
export function closeLiveFeed(): void {
  const open = socket;
  socket = null;
  clearInterval(keepalive);
  if (open) {
    open.onclose = null;
    open.close();
  }
}
