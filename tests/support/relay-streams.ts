import WebSocket from 'ws';

/** One server-sent event as a test reads it. */
export interface SseEvent {
  event: string;
  id: string;
  data: string;
}

/**
 * Opens GET /v1/alerts/stream and collects events. `next(n)` waits until `n` events in total
 * arrived (or fails after `timeoutMs`); `close()` ends the connection.
 */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiter: { wake: (() => void) | null } = { wake: null };
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', id: '', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('data: ')) event.data += line.slice(6);
          }
          if (event.data) events.push(event);
          waiter.wake?.();
        }
      }
    } catch {
      // aborted by close()
    }
  })();

  return {
    response,
    events,
    comments,
    async next(count: number, timeoutMs = 5000): Promise<SseEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`SSE: ${events.length}/${count} events`);
        await new Promise<void>((resolve) => {
          waiter.wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return events.slice(0, count);
    },
    close: () => controller.abort(),
  };
}

/** Opens the alert WebSocket and collects its JSON messages. */
export async function openAlertSocket(url: string) {
  const socket = new WebSocket(url);
  const messages: { seq: number; envelope: unknown }[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    messages,
    async next(count: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`socket: ${messages.length}/${count} messages`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages.slice(0, count);
    },
    close: () => socket.close(),
  };
}
