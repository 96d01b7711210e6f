import type { IncomingMessage, Server, ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { AlertHub } from './alert-hub.js';
import { AlertSocket, SOCKET_PATH } from './alert-socket.js';
import { createRelayApp } from './app.js';
import { DirectoryState } from './directory-state.js';
import { silentLog, type EventLog } from './event-log.js';
import { DEFAULT_RATE_RULES, RateLimiter, type RateRules } from './rate-limit.js';
import type { RelayContext } from './relay-context.js';
import { DEFAULT_RETENTION, scheduleRetention, type RetentionOptions } from './retention.js';
import { openStore } from './store/open-store.js';
import type { RelayStore } from './store/relay-store.js';
import { TrafficCounter } from './traffic-counter.js';

/** The relay's software version, served by /v1/health. */
export const RELAY_VERSION = '0.1.0';

/** How to run a relay. Only `rootPublicKey` is required. */
export interface RelayOptions {
  /** Interface to listen on (default 127.0.0.1: put a TLS reverse proxy in front). */
  host?: string;
  /** Port (default 0: any free port, see RunningRelay.port). */
  port?: number;
  /** SQLite file (default data/relay.sqlite). */
  sqlitePath?: string;
  /** `postgres://…` selects PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** The pinned network root public key (32 bytes): only directories it signed are served. */
  rootPublicKey: Uint8Array;
  /** An already open store to use instead of opening one (it is not closed by `close`). */
  store?: RelayStore;
  /** Structured event log (default: silent). */
  log?: EventLog;
  /** Rate limits for anonymous requests (default DEFAULT_RATE_RULES). */
  rateRules?: RateRules;
  /** Retention of acknowledged reports and pruning interval (default DEFAULT_RETENTION). */
  retention?: RetentionOptions;
  /** Take the client address from X-Forwarded-For's last hop (behind a reverse proxy). */
  trustProxy?: boolean;
  /** The whole request, headers and body, must arrive within this time (ms; default 10 s). */
  requestTimeoutMs?: number;
  /** SSE keep-alive comment interval (ms; default 15 s). */
  keepAliveMs?: number;
  /** SQLite durability (default NORMAL; FULL survives power loss too). */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL: a database call without an answer in this time is a 503 (ms; default 5 s). */
  storeTimeoutMs?: number;
  /** The relay's clock (ms); tests move it. */
  now?: () => number;
}

/** A relay that is listening. */
export interface RunningRelay {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /**
   * Stops listening, lets requests in progress finish (up to 3 s), ends live streams and closes
   * the store it opened.
   */
  close(): Promise<void>;
}

/**
 * Starts a relay: opens and migrates the store, loads the directory signed by the pinned root,
 * and serves docs/api.md over HTTP with the live alert socket beside it.
 *
 * @example
 * const relay = await startRelay({ rootPublicKey, sqlitePath: 'data/relay.sqlite' });
 * // … fetch(`${relay.url}/v1/health`) …
 * await relay.close();
 */
export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  if (!(options.rootPublicKey instanceof Uint8Array) || options.rootPublicKey.length !== 32) {
    throw new TypeError('startRelay: rootPublicKey must be the 32-byte network root public key');
  }
  const log = options.log ?? silentLog;
  const now = options.now ?? Date.now;
  const ownsStore = !options.store;
  const store = options.store ?? (await openStore(options));

  const directory = new DirectoryState(store, options.rootPublicKey, log);
  await directory.refresh();
  const hub = new AlertHub(store, log, now);
  await hub.start();
  const relay: RelayContext = {
    store,
    directory,
    hub,
    limiter: new RateLimiter(options.rateRules ?? DEFAULT_RATE_RULES, now),
    log,
    now,
    trustProxy: options.trustProxy ?? false,
    version: RELAY_VERSION,
  };
  const traffic = new TrafficCounter(log);
  const app = createRelayApp(relay, traffic, options.keepAliveMs);
  const socket = new AlertSocket(relay, (request) => socketAddress(request, relay.trustProxy));

  // Slowloris defence: a request (headers and body) must arrive whole within the timeout; Node
  // answers 408 and closes the connection otherwise. Node checks at `connectionsCheckingInterval`
  // (30 s by default, too coarse), so it is tied to the timeout. Live streams are responses, not
  // requests, so they are not cut by it.
  const timeout = options.requestTimeoutMs ?? 10_000;
  // Requests being handled (a live stream counts only until its response starts): shutdown
  // waits for them so a restart does not cut a report between its commit and its answer.
  let inFlight = 0;
  const fetch: typeof app.fetch = async (request, env) => {
    inFlight++;
    try {
      return await app.fetch(request, env);
    } finally {
      inFlight--;
    }
  };
  const server = await listen(fetch, options.host ?? '127.0.0.1', options.port ?? 0, {
    requestTimeout: timeout,
    headersTimeout: timeout,
    connectionsCheckingInterval: Math.max(250, Math.min(1000, timeout / 4)),
    keepAliveTimeout: 5000,
  });
  server.on('upgrade', (request: IncomingMessage, duplex, head: Buffer) => {
    if (request.url?.startsWith(SOCKET_PATH)) socket.handleUpgrade(request, duplex, head);
    else duplex.destroy();
  });
  const stopRetention = scheduleRetention(store, options.retention ?? DEFAULT_RETENTION, now, log);

  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  log.event('info', 'relay-started', { port, store: store.kind });

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        stopRetention();
        traffic.flush(log);
        traffic.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        socket.close();
        const deadline = Date.now() + 3000;
        while (inFlight > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        hub.stop();
        server.closeAllConnections();
        await closed;
        if (ownsStore) await store.close();
        log.event('info', 'relay-stopped');
      })();
      return closing;
    },
  };
}

function listen(
  fetch: Parameters<typeof serve>[0]['fetch'],
  hostname: string,
  port: number,
  serverOptions: ServerOptions,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port, serverOptions }) as Server;
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function socketAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').pop()?.trim();
    if (last) return last;
  }
  return request.socket.remoteAddress ?? 'unknown';
}
