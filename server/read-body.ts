import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';

/** The outcome of reading a request body as UTF-8 text within a size limit. */
export type BodyRead =
  { ok: true; text: string } | { ok: false; code: 'too-large' | 'bad-json'; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body, refusing it as soon as it passes `limit` bytes (before buffering more),
 * and refusing bytes that are not UTF-8. Reads straight from Node's request when served by
 * @hono/node-server (no web-stream copy on the hot path), else from the Fetch request.
 * Slow bodies are cut by the HTTP server's request timeout (relay.ts).
 */
export async function readBody(c: Context, limit: number): Promise<BodyRead> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > limit) return tooLarge(limit);

  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (incoming) {
    const read = await readIncoming(incoming, limit);
    if (read === 'too-large') return tooLarge(limit);
    if (read === 'aborted') {
      return { ok: false, code: 'bad-json', message: 'The request body ended early.' };
    }
    chunks.push(read);
  } else if (c.req.raw.body) {
    const reader = c.req.raw.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        return tooLarge(limit);
      }
      chunks.push(value);
    }
  }

  try {
    return { ok: true, text: decoder.decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, code: 'bad-json', message: 'The request body is not UTF-8 text.' };
  }
}

/** Parses JSON text; `undefined` (not null, which is valid JSON) when it does not parse. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// Event listeners rather than `for await`: leaving an async iterator destroys the socket, and a
// too-large body must still get its 413 answer (the response closes the connection instead).
function readIncoming(
  incoming: HttpBindings['incoming'],
  limit: number,
): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | 'too-large' | 'aborted') => {
      incoming.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish('too-large');
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onAbort = () => finish('aborted');
    incoming.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

function tooLarge(limit: number): BodyRead {
  return {
    ok: false,
    code: 'too-large',
    message: `The request body is larger than this endpoint accepts (${limit} bytes).`,
  };
}
