import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

/**
 * Serves the demo scheme website: static pages with the widget embedded by its real snippet, and
 * the built widget under /widget/. Pages are served with a strict Content-Security-Policy (no
 * inline scripts or styles, no eval) to show that the widget works where schemes lock theirs
 * down.
 */

/** What the demo site needs to know to embed the widget. */
export interface SiteOptions {
  port?: number;
  host?: string;
  relayUrl: string;
  rootKey: string;
  scheme: string;
  /** Folder with the built widget (dist/widget). */
  widgetDir: string;
}

/** A running demo site. */
export interface RunningSite {
  url: string;
  close(): Promise<void>;
}

const SITE_DIR = resolve(import.meta.dirname, 'site');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Starts the demo site on loopback. */
export async function startSite(options: SiteOptions): Promise<RunningSite> {
  const relayOrigin = new URL(options.relayUrl).origin;
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${relayOrigin}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = resolveFile(path, options.widgetDir);
      if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      try {
        let body: Buffer | string = await readFile(file);
        if (file.endsWith('.html')) {
          body = body
            .toString('utf8')
            .replaceAll('{{SCHEME}}', options.scheme)
            .replaceAll('{{RELAY_URL}}', options.relayUrl)
            .replaceAll('{{ROOT_KEY}}', options.rootKey);
        }
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': csp,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      } catch {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      }
    })();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done) => server.listen(options.port ?? 0, host, done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function resolveFile(path: string, widgetDir: string): string | null {
  const clean = normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, '');
  if (clean.startsWith('/widget/')) return inside(widgetDir, clean.slice('/widget/'.length));
  return inside(SITE_DIR, clean === '/' ? 'index.html' : clean.slice(1));
}

function inside(root: string, relative: string): string | null {
  const full = resolve(join(root, relative));
  return full.startsWith(resolve(root) + '/') ? full : null;
}
