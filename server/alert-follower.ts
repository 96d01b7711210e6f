import type { RelayContext } from './relay-context.js';
import type { StoredAlert } from './store/relay-store.js';

const PAGE = 200;
/** Alerts a slow client may fall behind by before it is cut off (it resumes from its cursor). */
const MAX_BEHIND = 1000;

/** How a live stream (SSE or WebSocket) talks to its client. */
export interface AlertSink {
  /** Sends one alert; resolves when the transport accepted it. */
  send(alert: StoredAlert): Promise<void>;
  /** Called after `keepAliveMs` without an alert (SSE writes a comment line). */
  idle(): Promise<void>;
  /** Closes the transport (the client fell too far behind). */
  close(): void;
}

/**
 * Follows the alert feed for one live client: everything after `after` from the store, then new
 * alerts from the hub, each exactly once and in seq order. Subscribes before reading the backlog
 * so nothing published in between is missed; anything seen twice is dropped by seq.
 *
 * Returns `stop`, to call when the client goes away.
 */
export function followAlerts(
  relay: RelayContext,
  after: number,
  sink: AlertSink,
  keepAliveMs: number,
): { stop: () => void; done: Promise<void> } {
  const queue: StoredAlert[] = [];
  let overflow = false;
  let stopped = false;
  let wake: (() => void) | null = null;

  const unsubscribe = relay.hub.subscribe((alert) => {
    if (queue.length >= MAX_BEHIND) overflow = true;
    else queue.push(alert);
    wake?.();
  });

  const run = async () => {
    let cursor = after;
    for (;;) {
      const page = await relay.store.listAlerts(cursor, PAGE, relay.now());
      for (const alert of page) {
        if (stopped) return;
        await sink.send(alert);
        cursor = alert.seq;
      }
      if (page.length < PAGE) break;
    }

    while (!stopped) {
      if (overflow) return sink.close();
      while (queue.length > 0 && !stopped) {
        const alert = queue.shift()!;
        if (alert.seq <= cursor) continue;
        await sink.send(alert);
        cursor = alert.seq;
      }
      if (stopped) return;

      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), keepAliveMs);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      wake = null;
      if (!woken && !stopped) await sink.idle();
    }
  };

  const stop = () => {
    stopped = true;
    unsubscribe();
    wake?.();
  };
  const done = run()
    .catch(() => sink.close())
    .finally(stop);
  return { stop, done };
}
