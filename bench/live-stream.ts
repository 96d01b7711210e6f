import { request, type ClientRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { openStore } from '../server/store/open-store.js';
import {
  createTestNetwork,
  publishDirectory,
  sampleAlert,
  signedFetch,
  type TestNetwork,
} from '../tests/support/relay-network.js';
import { LOAD_TEST_LIMITS, startRelayChild } from '../tests/support/relay-child.js';
import type { BenchRow } from './bench-row.js';

/**
 * Publish-to-worker latency over the live alert stream: the time from a scheme's signed
 * `POST /v1/alerts` leaving staff's machine to the alert arriving at every connected worker,
 * over the WebSocket (what the extension's service worker holds open) and server-sent events,
 * with 1,000 streams connected at once. The baseline is the same measurement with a single
 * connected stream, so the ratio is the price of fanning out to a thousand workers.
 *
 * The relay is the production entry (server/main.ts) in its own process on 127.0.0.1 with a
 * fresh SQLite file; the publisher and every stream live in this process, so one clock times
 * both ends (the figures include this process parsing 1,000 frames).
 */

/** Options (the reliability suite runs a smaller one). */
export interface LiveStreamOptions {
  /** Connected streams per transport (default 1,000). */
  streams?: number;
  /** Alerts published, one at a time, per measurement (default 30). */
  publishes?: number;
}

/** A set of connected streams that report when each alert seq arrives. */
export interface StreamClients {
  /** Resolves with per-stream arrival times (performance.now) once every stream has `seq`. */
  arrivals(seq: number, timeoutMs: number): Promise<number[]>;
  /** Frames that arrived a second time on the same stream. */
  duplicates(): number;
  /** Streams whose connection ended or failed since opening. */
  dropped(): number;
  close(): void;
}

type Transport = 'websocket' | 'sse';

/** Runs the measurement and returns its rows. */
export async function benchLiveStream(options: LiveStreamOptions = {}): Promise<BenchRow[]> {
  const streams = options.streams ?? 1000;
  const publishes = options.publishes ?? 30;
  const work = mkdtempSync(join(tmpdir(), 'umn-bench-live-'));
  const network = createTestNetwork(['north']);
  const sqlitePath = join(work, 'relay.sqlite');
  const store = await openStore({ sqlitePath });
  await publishDirectory(network, store);
  await store.close();
  const relay = await startRelayChild({
    rootPublicKey: network.root.publicKey,
    sqlitePath,
    logPath: join(work, 'relay.log'),
    env: LOAD_TEST_LIMITS,
  });

  try {
    const rows: BenchRow[] = [];
    for (const transport of ['websocket', 'sse'] as const) {
      const single = await measure(relay.url, network, transport, 1, publishes);
      const many = await measure(relay.url, network, transport, streams, publishes);
      const label = transport === 'websocket' ? 'WebSocket' : 'SSE';
      const method =
        `${publishes} signed alerts, one at a time, relay child process on SQLite; POST sent → ` +
        `frame parsed, every stream; baseline: 1 stream connected`;
      rows.push(
        row(`live ${label}, ${streams} streams: publish→worker p50`, many.p50, single.p50, method),
        row(`live ${label}, ${streams} streams: publish→worker p99`, many.p99, single.p99, method),
        row(
          `live ${label}, ${streams} streams: publish→last worker p50`,
          many.lastP50,
          single.lastP50,
          `${method}; per alert, until the slowest stream had it`,
        ),
      );
    }
    return rows;
  } finally {
    await relay.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
}

function row(metric: string, ours: number, baseline: number, method: string): BenchRow {
  return { metric, ours, baseline, unit: 'ms', method };
}

/** Publishes `publishes` alerts to `count` connected streams and returns latency figures. */
export async function measure(
  baseUrl: string,
  network: TestNetwork,
  transport: Transport,
  count: number,
  publishes: number,
): Promise<{ p50: number; p99: number; lastP50: number; samples: number }> {
  const clients =
    transport === 'websocket'
      ? await openSockets(baseUrl, count)
      : await openEventStreams(baseUrl, count);
  const latencies: number[] = [];
  const lasts: number[] = [];
  try {
    for (let i = 0; i < publishes; i++) {
      const alert = sampleAlert(network, 'north');
      const sentAt = performance.now();
      const response = await signedFetch(baseUrl, network, 'north', 'POST', '/v1/alerts', alert);
      if (response.status !== 201) {
        throw new Error(`live-stream: publishing answered ${response.status}`);
      }
      const { seq } = (await response.json()) as { seq: number };
      const arrivals = await clients.arrivals(seq, 15_000);
      const each = arrivals.map((at) => at - sentAt);
      latencies.push(...each);
      lasts.push(Math.max(...each));
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    clients.close();
  }
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lastP50: percentile(lasts, 50),
    samples: latencies.length,
  };
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

/**
 * Per-seq arrival bookkeeping shared by both transports: which streams have had each alert, and
 * how many frames arrived twice on one stream (must stay 0).
 */
function arrivalBook(count: number) {
  const times = new Map<number, Map<number, number>>();
  const waiters = new Map<number, () => void>();
  let duplicates = 0;
  return {
    arrived(seq: number, at: number, stream: number) {
      let seen = times.get(seq);
      if (!seen) times.set(seq, (seen = new Map()));
      if (seen.has(stream)) duplicates++;
      else seen.set(stream, at);
      if (seen.size >= count) waiters.get(seq)?.();
    },
    duplicates: () => duplicates,
    arrivals(seq: number, timeoutMs: number): Promise<number[]> {
      return new Promise((done, fail) => {
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(seq);
          const seen = times.get(seq);
          times.delete(seq);
          done([...(seen?.values() ?? [])]);
        };
        const timer = setTimeout(() => {
          waiters.delete(seq);
          const got = times.get(seq)?.size ?? 0;
          fail(new Error(`live-stream: alert reached ${got} of ${count} streams in time`));
        }, timeoutMs);
        if ((times.get(seq)?.size ?? 0) >= count) finish();
        else waiters.set(seq, finish);
      });
    },
  };
}

async function inBatches(count: number, open: (index: number) => Promise<void>): Promise<void> {
  const batch = 50;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => open(i + j)));
  }
}

/** Opens `count` alert WebSockets from the current end of the feed. */
export async function openSockets(baseUrl: string, count: number): Promise<StreamClients> {
  const book = arrivalBook(count);
  const sockets: WebSocket[] = [];
  const url = baseUrl.replace(/^http/, 'ws') + '/v1/alerts/socket';
  let dropped = 0;
  let closing = false;
  await inBatches(count, async (index) => {
    const socket = new WebSocket(url);
    sockets.push(socket);
    socket.on('message', (data) => {
      const at = performance.now();
      const { seq } = JSON.parse(String(data)) as { seq: number };
      book.arrived(seq, at, index);
    });
    socket.on('close', () => {
      if (!closing) dropped++;
    });
    await new Promise<void>((done, fail) => {
      socket.once('open', () => done());
      socket.once('error', fail);
    });
  });
  return {
    arrivals: book.arrivals,
    duplicates: book.duplicates,
    dropped: () => dropped,
    close: () => {
      closing = true;
      sockets.forEach((s) => s.terminate());
    },
  };
}

/** Opens `count` server-sent event streams, each on its own connection. */
export async function openEventStreams(baseUrl: string, count: number): Promise<StreamClients> {
  const book = arrivalBook(count);
  const requests: ClientRequest[] = [];
  let dropped = 0;
  let closing = false;
  await inBatches(count, async (index) => {
    await new Promise<void>((done, fail) => {
      const req = request(`${baseUrl}/v1/alerts/stream`, { agent: false }, (response) => {
        if (response.statusCode !== 200) {
          fail(new Error(`live-stream: the stream answered ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((line) => line.startsWith('data: '));
            if (!data) continue;
            const { seq } = JSON.parse(data.slice(6)) as { seq: number };
            book.arrived(seq, at, index);
          }
        });
        response.on('close', () => {
          if (!closing) dropped++;
        });
        response.on('error', () => {});
        done();
      });
      req.on('error', fail);
      req.end();
      requests.push(req);
    });
  });
  return {
    arrivals: book.arrivals,
    duplicates: book.duplicates,
    dropped: () => dropped,
    close: () => {
      closing = true;
      requests.forEach((r) => r.destroy());
    },
  };
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === resolve(import.meta.dirname, 'live-stream.ts')
) {
  const rows = await benchLiveStream();
  console.table(rows.map(({ metric, ours, baseline, unit }) => ({ metric, ours, baseline, unit })));
  process.exit(0);
}
