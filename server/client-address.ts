import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';

/**
 * The address a request came from, used only as input to the rate limiter's keyed hash
 * (rate-limit.ts) and then dropped. Behind a reverse proxy every request comes from the proxy,
 * so with `trustProxy` the last hop of X-Forwarded-For is used: the one address the proxy itself
 * saw, which a client cannot forge (earlier hops can be).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').pop()?.trim();
    if (last) return last;
  }
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
