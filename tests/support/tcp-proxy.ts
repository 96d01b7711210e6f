import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy a test controls, put between a client (Chromium, the relay) and a server
 * (the relay, PostgreSQL) to make the network fail on cue. It listens on 127.0.0.1 only and
 * forwards to one fixed loopback target; nothing here can reach another host.
 *
 * Modes:
 * - `pass`: bytes flow both ways.
 * - `refuse`: every open connection is reset and new ones are reset on arrival (a cable pulled
 *   out, a database host gone).
 * - `swallow`: requests still reach the server, but the first bytes of its answer reset the
 *   connection instead of reaching the client: the server did the work, the client never hears
 *   (the nastiest moment to lose the network during a submit).
 * - `hold`: new connections are accepted and their bytes kept back from the server until the
 *   mode changes (a request stuck in flight).
 * - `stall`: like `hold`, and open connections stop moving bytes either way (a black-holed
 *   route: no reset, no answer); bytes flow again when the mode goes back to `pass`.
 */
export type ProxyMode = 'pass' | 'refuse' | 'swallow' | 'hold' | 'stall';

/** A running proxy. */
export interface TcpProxy {
  /** The port clients connect to (on 127.0.0.1). */
  port: number;
  /** Switches mode; `refuse` also resets every open connection at once. */
  setMode(mode: ProxyMode): void;
  /** Current mode. */
  readonly mode: ProxyMode;
  /** Counters: connections accepted, answers swallowed, connections reset by the proxy. */
  readonly stats: { accepted: number; swallowed: number; reset: number; held: number };
  /** Resolves the next time an answer is swallowed. */
  nextSwallow(timeoutMs?: number): Promise<void>;
  /**
   * Only answers to requests whose request line matches are swallowed (default: all), e.g.
   * `/^POST \/v1\/reports /` to lose a report's acknowledgement but not a CORS preflight.
   */
  swallowOnly(pattern: RegExp | null): void;
  /** Resolves the next time a connection is held. */
  nextHold(timeoutMs?: number): Promise<void>;
  /** Stops listening and resets every connection. */
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | null;
  held: Buffer[];
  /** The request line of the last request the client sent on this connection. */
  requestLine: string;
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|OPTIONS|HEAD|PATCH) [^\r\n]*/;

/** Starts a proxy on 127.0.0.1 forwarding to `127.0.0.1:targetPort`. */
export async function startTcpProxy(targetPort: number, listenPort = 0): Promise<TcpProxy> {
  if (!Number.isInteger(targetPort) || targetPort <= 0) {
    throw new TypeError('startTcpProxy: targetPort must be a port number');
  }
  let mode: ProxyMode = 'pass';
  let swallowPattern: RegExp | null = null;
  const pairs = new Set<Pair>();
  const stats = { accepted: 0, swallowed: 0, reset: 0, held: 0 };
  const waiters = { swallow: [] as (() => void)[], hold: [] as (() => void)[] };

  const wake = (kind: 'swallow' | 'hold') => {
    for (const resolve of waiters[kind].splice(0)) resolve();
  };

  const reset = (pair: Pair) => {
    stats.reset++;
    pair.client.resetAndDestroy();
    pair.upstream?.resetAndDestroy();
    pairs.delete(pair);
  };

  const openUpstream = (pair: Pair) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    pair.upstream = upstream;
    upstream.setNoDelay(true);
    for (const chunk of pair.held.splice(0)) upstream.write(chunk);
    upstream.on('data', (chunk) => {
      if (mode === 'swallow' && (!swallowPattern || swallowPattern.test(pair.requestLine))) {
        stats.swallowed++;
        reset(pair);
        wake('swallow');
        return;
      }
      if (!pair.client.destroyed) pair.client.write(chunk);
    });
    upstream.on('end', () => pair.client.end());
    upstream.on('error', () => reset(pair));
    upstream.on('close', () => {
      pair.client.destroy();
      pairs.delete(pair);
    });
  };

  const server: Server = createServer((client) => {
    stats.accepted++;
    const pair: Pair = { client, upstream: null, held: [], requestLine: '' };
    pairs.add(pair);
    client.setNoDelay(true);
    client.on('error', () => reset(pair));
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (mode === 'refuse') return reset(pair);

    client.on('data', (chunk: Buffer) => {
      // Keep-alive connections carry many requests: remember which one is in flight.
      const line = REQUEST_LINE.exec(chunk.subarray(0, 512).toString('latin1'));
      if (line) pair.requestLine = line[0];
      if (pair.upstream) pair.upstream.write(chunk);
      else pair.held.push(chunk);
    });
    client.on('end', () => pair.upstream?.end());
    if (mode === 'hold' || mode === 'stall') {
      stats.held++;
      wake('hold');
      return;
    }
    openUpstream(pair);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });

  const wait = (kind: 'swallow' | 'hold', timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`tcp-proxy: no ${kind} in time`)), timeoutMs);
      waiters[kind].push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  return {
    port: (server.address() as AddressInfo).port,
    get mode() {
      return mode;
    },
    stats,
    setMode(next) {
      mode = next;
      if (next === 'refuse') for (const pair of [...pairs]) reset(pair);
      for (const pair of pairs) {
        for (const socket of [pair.client, pair.upstream]) {
          if (next === 'stall') socket?.pause();
          else socket?.resume();
        }
      }
      if (next === 'pass' || next === 'swallow') {
        for (const pair of pairs) if (!pair.upstream && !pair.client.destroyed) openUpstream(pair);
      }
    },
    nextSwallow: (timeoutMs = 30_000) => wait('swallow', timeoutMs),
    swallowOnly(pattern) {
      swallowPattern = pattern;
    },
    nextHold: (timeoutMs = 30_000) => wait('hold', timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of [...pairs]) reset(pair);
        server.close(() => resolve());
      }),
  };
}
