import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { followAlerts } from './alert-follower.js';
import { errorBody, ERROR_STATUS, type ErrorCode } from './errors.js';
import type { RelayContext } from './relay-context.js';
import { readCount } from './request-input.js';

/** The path of the live alert socket (docs/api.md). */
export const SOCKET_PATH = '/v1/alerts/socket';
/** Ping interval: keeps proxies open and finds peers that vanished without a close frame. */
const PING_MS = 30_000;
/** A client that cannot take what we send within this many bytes is cut (it resumes later). */
const MAX_BUFFERED = 4 * 1024 * 1024;

/**
 * The WebSocket twin of GET /v1/alerts/stream. An MV3 extension's service worker is kept alive
 * only while a WebSocket is open, so the extension follows alerts here; each text frame is
 * `{seq, envelope}` JSON. Clients send nothing; anything they send is ignored.
 */
export class AlertSocket {
  readonly #server = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  readonly #relay: RelayContext;
  readonly #addressOf: (request: IncomingMessage) => string;

  constructor(relay: RelayContext, addressOf: (request: IncomingMessage) => string) {
    this.#relay = relay;
    this.#addressOf = addressOf;
  }

  /** Handles an HTTP upgrade; any other path or a bad cursor gets a plain HTTP error. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://relay.invalid');
    if (url.pathname !== SOCKET_PATH) {
      return refuse(socket, 'not-found', 'There is no such endpoint; see docs/api.md.');
    }
    if (!this.#relay.limiter.take('read', this.#addressOf(request))) {
      return refuse(socket, 'rate-limited', 'Too many requests from this connection.');
    }
    const after = readCount(url.searchParams.get('after') ?? undefined, this.#relay.hub.lastSeq);
    if (after === null) return refuse(socket, 'bad-request', 'The cursor must be a whole number.');

    this.#server.handleUpgrade(request, socket, head, (ws) => this.#follow(ws, after));
  }

  /** Closes every open socket. */
  close(): void {
    for (const ws of this.#server.clients) ws.terminate();
    this.#server.close();
  }

  /** Open sockets (for stats and the benchmark). */
  get size(): number {
    return this.#server.clients.size;
  }

  #follow(ws: WebSocket, after: number): void {
    let alive = true;
    const follower = followAlerts(
      this.#relay,
      after,
      {
        send: (alert) =>
          new Promise<void>((resolve, reject) => {
            if (ws.bufferedAmount > MAX_BUFFERED) return reject(new Error('client too slow'));
            ws.send(JSON.stringify(alert), (error) => (error ? reject(error) : resolve()));
          }),
        idle: async () => {
          if (!alive) return ws.terminate();
          alive = false;
          ws.ping();
        },
        close: () => ws.close(1013, 'Resume from your last seq.'),
      },
      PING_MS,
    );
    ws.on('pong', () => (alive = true));
    ws.on('error', () => follower.stop());
    ws.on('close', () => follower.stop());
  }
}

function refuse(socket: Duplex, code: ErrorCode, message: string): void {
  const status = ERROR_STATUS[code];
  const body = JSON.stringify(errorBody(code, message));
  socket.end(
    `HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
